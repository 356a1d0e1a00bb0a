"""The public pages for search engines: the list, each published model and each agency with one."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.models import Agency

from . import selectors


class ShowcaseListSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["showcase:list"]

    def location(self, item):
        return reverse(item)


class PublishedModelSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return selectors.public_rows().order_by("pk").only("pk", "updated_at")

    def location(self, item):
        return reverse("showcase:detail", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class PublicAgencySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Agency.objects.filter(initiatives__in=selectors.public_rows())
            .distinct()
            .order_by("pk")
            .only("pk")
        )

    def location(self, item):
        return reverse("showcase:agency", args=[item.pk])


SITEMAPS = {
    "mo-hinh-tieu-bieu": ShowcaseListSitemap,
    "mo-hinh": PublishedModelSitemap,
    "don-vi": PublicAgencySitemap,
}
