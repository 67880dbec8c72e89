"""The legal sources findings cite, each marked with how well it was verified.

Verification follows the legend of `spec/legal-basis.md`: `V` the wording was seen
in the official text (or a verbatim reproduction), `S` it comes from a reputable
secondary source, `K` background knowledge not re-checked. A `K` citation says
so in the report, so nobody relies on it unchecked. Where the regulation's
numbering is unverified but the statute it implements is verified, a finding
cites both.
"""

from __future__ import annotations

from datarights.assess.model import Citation

_GDPR_URL = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"


def gdpr(article: str, verification: str = "V") -> Citation:
    return Citation(f"GDPR Art. {article}", verification, _GDPR_URL)


def cite(label: str, verification: str) -> Citation:
    return Citation(label, verification)


# --- EU ---------------------------------------------------------------------------------------
GDPR_28_10 = gdpr("28(10)")
GDPR_29 = gdpr("29")
EDPB_07_2020_81 = cite("EDPB Guidelines 07/2020 on controller and processor, para. 81", "S")
EDPB_07_2020_ESSENTIAL_MEANS = cite("EDPB Guidelines 07/2020, essential means (duration, recipients)", "S")
EDPB_OP_22_2024 = cite("EDPB Opinion 22/2024 on processors and sub-processors, paras 25-32", "S")
EDPB_OP_28_2024 = cite("EDPB Opinion 28/2024 on AI models (anonymity of models)", "S")
CNIL_2022_REUSE = cite("CNIL guidance on reuse of data by processors (12 Jan 2022)", "S")
GDPR_4_5 = cite("GDPR Art. 4(5) and Recital 26 (pseudonymised data remain personal data)", "K")
AI_ACT_53 = cite("EU AI Act Art. 53(1)(a), (d) (GPAI training documentation and summary)", "S")

# --- California -------------------------------------------------------------------------------
CCPA_100_D = cite("Cal. Civ. Code §1798.100(d)", "V")
CCPA_100_D_4 = cite("Cal. Civ. Code §1798.100(d)(4) (notice if it can no longer meet its obligations)", "V")
CCPA_140_AG_1 = cite("Cal. Civ. Code §1798.140(ag)(1)", "V")
CCPA_140_AG_1_A = cite("Cal. Civ. Code §1798.140(ag)(1)(A) (no selling or sharing)", "V")
CCPA_140_AG_1_B = cite("Cal. Civ. Code §1798.140(ag)(1)(B) (only the specified business purposes)", "V")
CCPA_140_AG_1_C = cite(
    "Cal. Civ. Code §1798.140(ag)(1)(C) (not outside the direct business relationship)", "V"
)
CCPA_140_AG_1_D = cite("Cal. Civ. Code §1798.140(ag)(1)(D) (no combining)", "V")
CCPA_140_AG_2 = cite("Cal. Civ. Code §1798.140(ag)(2) (sub-service providers)", "V")
CCPA_140_J_1_B = cite("Cal. Civ. Code §1798.140(j)(1)(B) (contractor certification)", "V")
CCPA_140_M = cite("Cal. Civ. Code §1798.140(m) (deidentified: three prongs)", "V")
CCR_7050_A_3 = cite("11 CCR §7050(a)(3) (internal use to improve services to that business only)", "V")
CCR_7051_A_1 = cite("11 CCR §7051(a)(1) (numbering unverified)", "K")
CCR_7051_A_2 = cite("11 CCR §7051(a)(2) (numbering unverified)", "K")
CCR_7051_A_3_5 = cite("11 CCR §7051(a)(3)-(5) (numbering unverified)", "K")
CCR_7051_A_6 = cite("11 CCR §7051(a)(6) (numbering unverified)", "K")
CCR_7051_A_7 = cite("11 CCR §7051(a)(7) (numbering unverified)", "K")
CCR_7051_A_8 = cite("11 CCR §7051(a)(8) (numbering unverified)", "K")
CCR_7051_A_9 = cite("11 CCR §7051(a)(9) (numbering unverified)", "K")

# --- Other US states --------------------------------------------------------------------------
CO_1305_7 = cite("Colo. Rev. Stat. §6-1-1305(7) (processor that determines purposes is a controller)", "V")
CT_521_D = cite("Conn. Gen. Stat. §42-521(d) (same, plus enforcement)", "V")
OR_581_4 = cite("ORS 646A.581(4) (controller if it begins to determine purposes and means)", "S")
VA_579 = cite("Va. Code §59.1-579(B) (processor contract terms)", "S")
CO_1305 = cite("Colo. Rev. Stat. §6-1-1305(3), (5) (processor duties and contract)", "V")
CT_521_B = cite("Conn. Gen. Stat. §42-521(b) (processor contract terms)", "V")
TX_541_104_B = cite("Tex. Bus. & Com. Code §541.104(b) (processor contract terms)", "V")
OR_581_2 = cite("ORS 646A.581(2) (processor contract terms)", "V")
TX_541_106 = cite("Tex. Bus. & Com. Code §541.106 (deidentified data)", "V")
OR_583 = cite("ORS 646A.583 (deidentified data)", "V")

# --- Federal ----------------------------------------------------------------------------------
HIPAA_514_B = cite("45 CFR §164.514(b) (Safe Harbor or Expert Determination)", "V")
FTC_2012_TEST = cite(
    "FTC, Protecting Consumer Privacy in an Era of Rapid Change (2012), three-part test", "S"
)
FTC_HASHING_2024 = cite(
    "FTC Office of Technology, 'No, hashing still doesn't make your data anonymous' (24 Jul 2024)", "S"
)
FTC_AI_COMMITMENTS_2024 = cite(
    "FTC Technology Blog, 'AI Companies: Uphold Your Privacy and Confidentiality Commitments' (9 Jan 2024)",
    "V",
)
FTC_TERMS_CHANGES_2024 = cite(
    "FTC, 'Quietly Changing Your Terms of Service Could Be Unfair or Deceptive' (13 Feb 2024)", "S"
)
FTC_MODEL_DELETION_ORDERS = cite(
    "FTC orders requiring deletion of models: Everalbum (2021), Kurbo (2022), Ring (2023), Rite Aid (2023)",
    "S",
)
FTC_RING_2023 = cite("FTC v. Ring LLC (2023): overbroad employee and contractor access", "S")
