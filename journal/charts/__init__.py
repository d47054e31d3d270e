"""Server-rendered SVG charts: each a plain function of plain values that returns markup."""
