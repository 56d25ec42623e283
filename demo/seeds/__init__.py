"""Demo seeding, one module per area. Each exports `seed(world: DemoWorld) -> None`; runs inside moto only."""
