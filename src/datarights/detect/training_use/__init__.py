from datarights.detect.training_use.detector import DETECTOR, training_clauses

__all__ = ["DETECTOR", "training_clauses"]
