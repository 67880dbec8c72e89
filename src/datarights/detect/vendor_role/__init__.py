from datarights.detect.vendor_role.detector import DETECTOR

__all__ = ["DETECTOR"]
