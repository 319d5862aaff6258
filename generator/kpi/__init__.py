"""KPI actuals: the store under kpi/, recording, the Excel round trip and statuses."""
