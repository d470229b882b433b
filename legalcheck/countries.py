"""ISO 3166-1 alpha-2 country codes (reference data, not law)."""

from __future__ import annotations

ISO_ALPHA2 = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV
    BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI
    FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO
    IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG
    MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK
    PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC
    TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW""".split()  # noqa: E501
)

ALIASES = {"UK": "GB"}

# ISO 3166-1 alpha-3 -> alpha-2 (from Debian iso-codes 4.15; XKX for Kosovo): only to suggest the right code
ALPHA3 = dict(
    pair.split(":")
    for pair in """
    ABW:AW AFG:AF AGO:AO AIA:AI ALA:AX ALB:AL AND:AD ARE:AE ARG:AR ARM:AM ASM:AS ATA:AQ ATF:TF ATG:AG AUS:AU
    AUT:AT AZE:AZ BDI:BI BEL:BE BEN:BJ BES:BQ BFA:BF BGD:BD BGR:BG BHR:BH BHS:BS BIH:BA BLM:BL BLR:BY BLZ:BZ
    BMU:BM BOL:BO BRA:BR BRB:BB BRN:BN BTN:BT BVT:BV BWA:BW CAF:CF CAN:CA CCK:CC CHE:CH CHL:CL CHN:CN CIV:CI
    CMR:CM COD:CD COG:CG COK:CK COL:CO COM:KM CPV:CV CRI:CR CUB:CU CUW:CW CXR:CX CYM:KY CYP:CY CZE:CZ DEU:DE
    DJI:DJ DMA:DM DNK:DK DOM:DO DZA:DZ ECU:EC EGY:EG ERI:ER ESH:EH ESP:ES EST:EE ETH:ET FIN:FI FJI:FJ FLK:FK
    FRA:FR FRO:FO FSM:FM GAB:GA GBR:GB GEO:GE GGY:GG GHA:GH GIB:GI GIN:GN GLP:GP GMB:GM GNB:GW GNQ:GQ GRC:GR
    GRD:GD GRL:GL GTM:GT GUF:GF GUM:GU GUY:GY HKG:HK HMD:HM HND:HN HRV:HR HTI:HT HUN:HU IDN:ID IMN:IM IND:IN
    IOT:IO IRL:IE IRN:IR IRQ:IQ ISL:IS ISR:IL ITA:IT JAM:JM JEY:JE JOR:JO JPN:JP KAZ:KZ KEN:KE KGZ:KG KHM:KH
    KIR:KI KNA:KN KOR:KR KWT:KW LAO:LA LBN:LB LBR:LR LBY:LY LCA:LC LIE:LI LKA:LK LSO:LS LTU:LT LUX:LU LVA:LV
    MAC:MO MAF:MF MAR:MA MCO:MC MDA:MD MDG:MG MDV:MV MEX:MX MHL:MH MKD:MK MLI:ML MLT:MT MMR:MM MNE:ME MNG:MN
    MNP:MP MOZ:MZ MRT:MR MSR:MS MTQ:MQ MUS:MU MWI:MW MYS:MY MYT:YT NAM:NA NCL:NC NER:NE NFK:NF NGA:NG NIC:NI
    NIU:NU NLD:NL NOR:NO NPL:NP NRU:NR NZL:NZ OMN:OM PAK:PK PAN:PA PCN:PN PER:PE PHL:PH PLW:PW PNG:PG POL:PL
    PRI:PR PRK:KP PRT:PT PRY:PY PSE:PS PYF:PF QAT:QA REU:RE ROU:RO RUS:RU RWA:RW SAU:SA SDN:SD SEN:SN SGP:SG
    SGS:GS SHN:SH SJM:SJ SLB:SB SLE:SL SLV:SV SMR:SM SOM:SO SPM:PM SRB:RS SSD:SS STP:ST SUR:SR SVK:SK SVN:SI
    SWE:SE SWZ:SZ SXM:SX SYC:SC SYR:SY TCA:TC TCD:TD TGO:TG THA:TH TJK:TJ TKL:TK TKM:TM TLS:TL TON:TO TTO:TT
    TUN:TN TUR:TR TUV:TV TWN:TW TZA:TZ UGA:UG UKR:UA UMI:UM URY:UY USA:US UZB:UZ VAT:VA VCT:VC VEN:VE VGB:VG
    VIR:VI VNM:VN VUT:VU WLF:WF WSM:WS XKX:XK YEM:YE ZAF:ZA ZMB:ZM ZWE:ZW""".split()
)

# Abbreviations people write for a country code (suggestions only, never accepted silently)
ABBREVIATIONS = {"UAE": "AE", "KSA": "SA", "DRC": "CD", "CAR": "CF", "EN": "GB", "ENG": "GB"}

# Funders only: the European Union's institutions and international organisations have no country
FUNDER_PSEUDO_CODES = {"EU": "EU", "INT": "INT", "UN": "INT"}


def nearest_code(value: str) -> str | None:
    """The real alpha-2 code ``value`` most probably means: a common abbreviation ("UAE" -> AE), an alpha-3 code
    ("USA" -> US), or the only alpha-3 code one edit or transposition away; else None (guesses from two letters
    would be noise)."""
    from rapidfuzz.distance import OSA

    code = value.strip().upper()
    if code in ABBREVIATIONS or code in ALPHA3:
        return ABBREVIATIONS.get(code) or ALPHA3[code]
    if len(code) == 3:
        near = sorted((OSA.distance(code, a3), a3) for a3 in ALPHA3)
        if near[0][0] <= 1 and near[1][0] > 1:
            return ALPHA3[near[0][1]]
    return None


def _hint(value: str) -> str:
    near = nearest_code(value)
    return f"; did you mean {near}?" if near else ""


def normalise_country(value: str) -> str:
    """Return the ISO alpha-2 code for ``value`` ("UK" is accepted for GB) or raise ValueError."""
    code = value.strip().upper()
    code = ALIASES.get(code, code)
    if code not in ISO_ALPHA2:
        raise ValueError(
            f"unknown country code {value!r}: expected an ISO 3166-1 alpha-2 code such as KE, GB, SO{_hint(value)}"
        )
    return code


def normalise_funder_country(value: str) -> str:
    """A funder's country: an alpha-2 code, or EU, INT or UN (a UN agency; stored as INT), else ValueError."""
    code = value.strip().upper()
    if code in FUNDER_PSEUDO_CODES:
        return FUNDER_PSEUDO_CODES[code]
    try:
        return normalise_country(value)
    except ValueError:
        raise ValueError(
            f"unknown funder country {value!r}: expected an ISO 3166-1 alpha-2 code such as US, GB, CH, or one of "
            "the pseudo-codes EU (European Union institutions), INT (an international organisation) or UN (a UN "
            f"agency, the same as INT){_hint(value)}"
        ) from None


def country_name(code: str) -> str:
    """The English short name of an alpha-2 code (the code itself when unknown)."""
    from .country_names import COUNTRY_NAMES

    return COUNTRY_NAMES.get(code, code)
