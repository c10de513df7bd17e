"""clrec_dist: a PyTorch (torch.distributed) twin of the CLRec TypeScript trainer.

It trains the paper's MultiAtt + WHA user encoder with the id item encoder (InfoNCE against an inter-batch
or cached FIFO queue) on W processes with gloo, and writes a checkpoint in the TypeScript project's format
(version 3), which `clrec eval`, `clrec serve` and `clrec export` read unchanged. See README.md.
"""

__version__ = "0.1.0"
