"""An Input whose editing keys act in the order they were typed.

Textual runs a widget's key bindings when the key event has bubbled back up to the app,
while a printable key is inserted by the Input at once. A burst of keys (a paste through the
terminal, tmux, fast typing) such as ctrl+u then "Comey" therefore inserted "Comey" first and
then cleared it: a new-user test saw its filter come out empty, or "areless" after ctrl+a,
ctrl+k and "Comey careless". This Input runs its own bindings (ctrl+u, backspace, the
history keys of a subclass...) when the key reaches it, before the next key is read.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TypingInput(Input):
    """An Input that handles its own bindings in typing order (see the module docstring)."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)
