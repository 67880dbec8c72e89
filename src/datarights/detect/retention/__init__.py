from datarights.detect.retention.detector import DETECTOR

__all__ = ["DETECTOR"]
