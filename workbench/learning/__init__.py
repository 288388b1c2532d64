"""The local suggestion models: text features, a linear model per dimension, grouped
cross-validation against the majority baseline, and a whole round of training and
prediction (``rounds.train_round``).

Qt-free and built on ``core`` alone; scikit-learn is imported only here, and only when a
round runs (``index/suggestions`` imports this package lazily, so opening the window does
not pay for it). No network, no downloaded weights: every model is trained on the
project's own coding.
"""
