"""Development tools: fitting the scorer (`make train`, train_scorer.py) and scoring question
files (`factbot eval`, evaluation.py). Answering a question never imports them."""
