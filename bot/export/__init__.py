"""Export formats: the core's values written for other tools (TimelineJS). Not part of the
pure core, which holds only what the bot needs to answer; an export may use the core's
public values but the core never imports an export."""
