"""Plans: draft, tasks, send, accept or return, resend."""
