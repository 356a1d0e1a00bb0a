"""Admin for agencies' plans: review, return with a reason, print."""
