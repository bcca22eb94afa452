"""Qt-free, SQL-free: domain types, the assessment engine, operations."""
