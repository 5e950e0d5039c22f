"""Performance benchmarks over a synthetic 20-year office (DESIGN.md section 8)."""
