from datarights.detect.service_improvement.detector import DETECTOR

__all__ = ["DETECTOR"]
