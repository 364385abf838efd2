"""Pure forecasting core: features, online models with baselines and drift, backtests."""
