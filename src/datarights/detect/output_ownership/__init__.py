from datarights.detect.output_ownership.detector import DETECTOR

__all__ = ["DETECTOR"]
