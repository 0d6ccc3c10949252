"""``python -m corridor`` runs the command line (:func:`corridor.cli._exit.script`)."""

from corridor.cli._exit import script

script()
