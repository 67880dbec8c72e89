from datarights.detect.deidentified_use.detector import DETECTOR

__all__ = ["DETECTOR"]
