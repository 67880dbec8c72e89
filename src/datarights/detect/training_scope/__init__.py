from datarights.detect.training_scope.detector import DETECTOR

__all__ = ["DETECTOR"]
