"""The loader, split by data file: one module per file's rules. `claimlab.module.load.load_module`
ties them together."""
