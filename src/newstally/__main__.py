"""`python -m newstally` is the `newstally` command."""

from .cli import main

main()
