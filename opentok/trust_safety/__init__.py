"""Trust-and-safety models shared by the gateway and the workers.

One module per model (ban_risk, claims, sentiment, trends, engagement, churn), the
platform-side feature queries in `features`, the leakage-free evaluation helpers in
`splits`, and `train` as the one command that trains and evaluates them all.
"""
