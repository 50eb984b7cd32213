from typing import Any

from django.core.management.base import BaseCommand

from incluzio_mz.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = "Create the demo accounts and data (DEMO_MODE only). Safe to run again: nothing is added twice."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--print-logins", action="store_true", help="Print the demo logins afterwards.")
        parser.add_argument("--no-load", action="store_true", help="Only print the logins; load nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_load"]:
            created = load_demo_data()
            self.stdout.write(f"Demo data: {len(created)} item(s) created." + ("" if created else " (already present)"))
        if options["print_logins"]:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for account in DEMO_ACCOUNTS:
                line = f"  {account.username:<24} {account.description}"
                if account.totp_secret:
                    line += f"; TOTP secret {account.totp_secret}"
                self.stdout.write(line)
