"""One module per table family. Each registers a pipeline component (see explorer.pipeline)."""
