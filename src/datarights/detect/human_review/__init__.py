from datarights.detect.human_review.detector import DETECTOR

__all__ = ["DETECTOR"]
