"""Synthetic hospital HRIS: organisation, positions, pay, employees, attendance, candidates, defects, API."""

from hirelake.synth.hr.api_server import HrApiServer, serve_hr_api
from hirelake.synth.hr.candidates import Candidate
from hirelake.synth.hr.defects import Defect
from hirelake.synth.hr.export import ExportedFile
from hirelake.synth.hr.generate import HrSynthConfig, HrSynthResult, Progress, generate_hr
from hirelake.synth.hr.organisation import OrgUnit, Position

__all__ = [
    "Candidate",
    "Defect",
    "ExportedFile",
    "HrApiServer",
    "HrSynthConfig",
    "HrSynthResult",
    "OrgUnit",
    "Position",
    "Progress",
    "generate_hr",
    "serve_hr_api",
]
