"""Demo seeding, filed by AWS service like checks/: `<service>.py` or `<service>_<topic>.py`. Each module
exports `seed(world: DemoWorld) -> None` and, when it needs resources another seed creates, `AFTER` (those
modules' names); demo.world.discover_seeds orders them. Helpers several seeds share are in `_lib/`. Runs
inside moto only."""
