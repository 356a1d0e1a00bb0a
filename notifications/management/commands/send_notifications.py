from django.core.management.base import BaseCommand

from notifications.delivery import deliver
from notifications.reminders import create_reminders


class Command(BaseCommand):
    help = "Tạo thư nhắc hạn đến hạn và gửi mọi thông báo chưa gửi (chạy định kỳ, chạy lại không gửi trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=5000, help="Số thư tối đa mỗi lần chạy.")

    def handle(self, *args, limit, **options):
        made = create_reminders()
        sent, failed = deliver(limit=limit)
        self.stdout.write(
            f"Đã tạo {made} thông báo nhắc hạn; đã gửi {sent} thư; {failed} thư lỗi (sẽ thử lại)."
        )
