"""The browser dashboard: static pages, their assets and the live event stream behind them."""
