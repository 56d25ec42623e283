"""The controlmap command: parses arguments and hands each command to the stage that does it."""
