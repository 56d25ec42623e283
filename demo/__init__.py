"""The simulated organization (moto): the built-in demo, installed with the [demo] extra."""
