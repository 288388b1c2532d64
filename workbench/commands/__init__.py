"""Sub-commands of ``workbench-cli``.

Every module here defines ``register(subparsers)``, which adds its sub-parser and sets
``run=function(args) -> int`` as the default; ``workbench.cli`` finds them all.
"""
