from datarights.detect.feedback_license.detector import DETECTOR

__all__ = ["DETECTOR"]
