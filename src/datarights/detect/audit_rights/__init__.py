from datarights.detect.audit_rights.detector import DETECTOR

__all__ = ["DETECTOR"]
