"""The sentences an editor reads, one module per area; site_builder.messages gathers them as msg."""
