"""Reading one annotator's layer of a project file a slice of annotations at a time.

Building the annotations is most of opening a large project (120,000 per annotator cost
0.3-0.4 s each at 150,000 entries), and the window needs only its own annotator's layer to
start. The loader can leave the others to a ``LayerReader`` each, which the window steps
through in idle moments, a few milliseconds a step, so that key presses are answered
between steps (``Project.read_layers_step``).

Why the slices add up to the layer: in the layout ``dumps_project`` writes, two annotations
of a layer are separated by a newline, six spaces, ``},``, a newline, six spaces and a
quote. JSON strings cannot hold a raw newline, so that separator is structure, never text.
A slice cut at its comma and closed with braces is itself a JSON object; if the cut were at
a comma inside an annotation, the slice would have an unclosed bracket and fail to decode.
So when every slice decodes, together they are exactly the layer (a repeated id keeps its
first place and last value, as in the whole-layer decode). Anything else, another layout
or a slice that does not decode or check, sends the whole layer through the validating
reader, which takes what the format allows and names the first problem of what it does not.
"""

from __future__ import annotations

import gc

import msgspec
import orjson
import stringzilla

from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Entry
from workbench.formats.project import typed as project_typed
from workbench.formats.project.validation import read_layer

#: About this many bytes of a layer (some 1,500 annotations, a few ms) are read per step.
STEP_BYTES = 512 * 1024
_BREAK = b'\n      },\n      "'
_COMMA_AT = len(b"\n      }")


class LayerReader:
    """The layer ``layers.<annotator>`` of a file decoded as ``raw``, read on demand (see
    ``core.model.UnreadLayer``)."""

    def __init__(
        self,
        raw: msgspec.Raw,
        annotator: str,
        entries: list[Entry],
        index: dict[str, int],
        found: dict[str, list[int | None]],
    ) -> None:
        self._text = memoryview(raw)  # of the file's bytes: nothing is copied but the slices
        self._find = stringzilla.Str(self._text).find
        self._annotator = annotator
        self._where = f"layers.{annotator}"
        #: The loader's ``LoadHints.layer_positions``, told this layer's when it is read.
        self._found = found
        self._entries = entries
        self._index = index
        self._at = 0  # the next slice starts here (after a cut comma, or at the opening brace)
        self._layer: dict[str, Annotation] = {}
        self._positions: list[int | None] = []
        self._positions_found = True  # not by the validating reader, nor with an id given twice
        self._done = False

    def read_some(self) -> bool:
        """Read the next slice, out of the collector's sight, as ``project.file`` keeps a
        loaded project: every record read survives, so a collection pass over them is
        wasted, and once some 100,000 have piled up one pass holds the window for 0.5 s.
        The collector is paused while a slice is read, and what it read is then frozen
        (``gc.freeze``, which only moves the collector's lists)."""
        if self._done:
            return True
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._read_slice()
        finally:
            if collecting:
                gc.freeze()
                gc.enable()
        return self._done

    def _read_slice(self) -> None:
        text, start = self._text, self._at
        cut = self._find(_BREAK, start + STEP_BYTES)
        end = len(text) if cut == -1 else cut + _COMMA_AT
        piece = (b"{" if start else b"") + text[start:end] + (b"}" if cut != -1 else b"")
        read = project_typed.decode_layer(piece)
        found = None if read is None else project_typed.layer(read, self._entries, self._index)
        if read is None or found is None:
            self._read_validating()
            return
        self._layer.update(read)
        self._positions.extend(found)
        self._at = end + 1
        if cut == -1:
            self._finish()

    def _read_validating(self) -> None:
        """The whole layer by the validating reader: exactly the layer, or the first problem."""
        try:
            parsed = orjson.loads(self._text)
        except orjson.JSONDecodeError as exc:
            raise WorkbenchError(f"not valid JSON ({exc})", where=self._where) from None
        self._layer = read_layer(parsed, self._where, self._entries, self._index)
        self._positions_found = False  # the project index finds them when first asked
        self._finish()

    def _finish(self) -> None:
        if len(self._positions) != len(self._layer):
            self._positions_found = False  # an id given twice: its later value took its first place
        if self._positions_found:
            self._found[self._annotator] = self._positions
        self._text = memoryview(b"")  # lets the file's bytes go once every layer is read
        self._find = stringzilla.Str(b"").find
        self._done = True

    def result(self) -> dict[str, Annotation]:
        return self._layer
