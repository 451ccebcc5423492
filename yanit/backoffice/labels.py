"""Domain texts these pages show: role, availability, channel and delivery labels, and the
messages of the account and inbox services that surface as errors here.

They are defined (in English) in the domain apps, which have no catalogue of their own; listing
them here puts their Turkish into this app's catalogue. Django merges all catalogues, so the
models' ``get_*_display()`` and the services' messages come out in Turkish on every page.
"""

from django.utils.translation import gettext_lazy as _

DOMAIN_TEXTS = (
    # accounts.Agent roles and availability
    _("Owner"),
    _("Admin"),
    _("Agent"),
    _("Online"),
    _("Away"),
    _("Offline"),
    # inboxes.Inbox channels
    _("API"),
    _("Email"),
    _("Live chat"),
    _("Contact form"),
    _("WhatsApp"),
    # connectors.WebhookDelivery outcomes
    _("Delivered"),
    _("Failed, will retry"),
    _("Failed"),
    # accounts and inbox services
    _("%(email)s is already in this workspace."),
    _("A team named %(name)s already exists."),
    _("A valid email address is needed."),
    _("A workspace needs at least one owner."),
    _("Agent not found."),
    _("Inbox not found."),
    _("Invitation not found."),
    _("Only an owner can change another owner."),
    _("Only an owner can make someone an owner."),
    _("Only owners and admins can do this."),
    _("Team not found."),
    _("The inbox needs a name."),
    _("The password needs at least 8 characters."),
    _("The team needs a name."),
    _("The webhook URL must start with http:// or https://."),
    _("The workspace needs a name."),
    _("This invitation link is invalid or has expired."),
    _("Unknown availability %(value)s."),
    _("Unknown language %(value)s."),
    _("Unknown role %(value)s."),
    _("Unknown time zone %(value)s."),
    _("You can't deactivate yourself."),
    _("Your name can't be empty."),
)
