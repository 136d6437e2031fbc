"""nbconvert's ExecutePreprocessor, tolerant of outputs that Deno's Jupyter kernel publishes late.

Deno's kernel (2.x) sometimes sends a cell's last outputs (a stream chunk, the execute_result) on
IOPub after the cell's `status: idle`. Jupyter's own execution client (nbclient) stops listening to
a cell at its idle status and drops whatever comes for it afterwards, so a headless run loses a line
here and there, at random. This subclass keeps listening: after the idle status it waits a short
quiet period (longer after the last code cell) and files every output under the cell whose
request it answers, including outputs of earlier cells that arrive while a later one runs.

scripts/notebooks.mjs uses it through the nbconvert command line, in place of the default
executor (PYTHONPATH=scripts):

    jupyter nbconvert --to notebook --execute --allow-errors \
        --Exporter.default_preprocessors='["deno_execute.DenoExecutePreprocessor"]' ...
"""
import queue

from jupyter_core.utils import ensure_async
from nbconvert.preprocessors import ExecutePreprocessor
from traitlets import Float


class DenoExecutePreprocessor(ExecutePreprocessor):
    quiet_period = Float(0.05, help='Seconds without messages after a cell idles before moving on').tag(config=True)
    final_quiet_period = Float(2.0, help='The same after the last code cell').tag(config=True)

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        cells = self.__dict__.setdefault('_cells_by_request', {})
        cells[parent_msg_id] = (cell, cell_index)
        code = [i for i, c in enumerate(self.nb.cells) if c.cell_type == 'code']
        quiet = self.final_quiet_period if code and cell_index == code[-1] else self.quiet_period
        idle = False
        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=quiet if idle else None))
            except queue.Empty:
                return
            parent = msg['parent_header'].get('msg_id')
            if msg['msg_type'] == 'status':
                if parent == parent_msg_id and msg['content']['execution_state'] == 'idle':
                    idle = True
                continue
            if parent in cells:
                owner, index = cells[parent]
                self.process_message(msg, owner, index)
