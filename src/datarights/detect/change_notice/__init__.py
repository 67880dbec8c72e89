from datarights.detect.change_notice.detector import DETECTOR

__all__ = ["DETECTOR"]
