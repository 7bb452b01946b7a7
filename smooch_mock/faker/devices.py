"""Reference tables for realistic clients: phones, OS releases, carriers, browsers, SDK versions."""

from __future__ import annotations

# (machine identifier, first and last supported major iOS version); identifiers are what
# `uname().machine` reports, which the Smooch iOS SDK sent as `devicePlatform`.
IPHONES: tuple[tuple[str, int, int], ...] = (
    ("iPhone10,1", 11, 16), ("iPhone10,4", 11, 16), ("iPhone10,3", 11, 16),
    ("iPhone10,6", 11, 16), ("iPhone11,2", 12, 17), ("iPhone11,6", 12, 17),
    ("iPhone11,8", 12, 17), ("iPhone12,1", 13, 17), ("iPhone12,3", 13, 17),
    ("iPhone12,5", 13, 17), ("iPhone12,8", 13, 17), ("iPhone13,1", 14, 17),
    ("iPhone13,2", 14, 17), ("iPhone13,3", 14, 17), ("iPhone13,4", 14, 17),
    ("iPhone14,2", 15, 17), ("iPhone14,3", 15, 17), ("iPhone14,4", 15, 17),
    ("iPhone14,5", 15, 17), ("iPhone14,6", 15, 17), ("iPhone14,7", 16, 17),
    ("iPhone15,2", 16, 17), ("iPhone15,3", 16, 17), ("iPhone15,4", 17, 17),
    ("iPhone16,1", 17, 17), ("iPhone16,2", 17, 17),
)  # fmt: skip

IOS_RELEASES: dict[int, tuple[str, ...]] = {
    12: ("12.0.1", "12.1.4", "12.3.1", "12.4.1", "12.5.7"),
    13: ("13.1.3", "13.3", "13.4.1", "13.5.1", "13.7"),
    14: ("14.0.1", "14.2", "14.4.2", "14.6", "14.8.1"),
    15: ("15.0.2", "15.2.1", "15.4.1", "15.6.1", "15.7.9"),
    16: ("16.0.3", "16.1.2", "16.3.1", "16.4.1", "16.6.1", "16.7.2"),
    17: ("17.0.3", "17.1.2", "17.2.1", "17.3.1", "17.4.1", "17.5.1"),
}

# (Build.MODEL, Build.MANUFACTURER, first and last Android major version shipped for it).
ANDROIDS: tuple[tuple[str, str, int, int], ...] = (
    ("Pixel 3", "Google", 9, 12), ("Pixel 4a", "Google", 10, 13), ("Pixel 5", "Google", 11, 14),
    ("Pixel 6", "Google", 12, 14), ("Pixel 6a", "Google", 12, 14), ("Pixel 7", "Google", 13, 14),
    ("Pixel 7 Pro", "Google", 13, 14), ("Pixel 8", "Google", 14, 14),
    ("SM-G960F", "samsung", 9, 10), ("SM-G973F", "samsung", 9, 12),
    ("SM-G991B", "samsung", 11, 14), ("SM-S901B", "samsung", 12, 14),
    ("SM-S911B", "samsung", 13, 14), ("SM-A505F", "samsung", 9, 11),
    ("SM-A515F", "samsung", 10, 13), ("SM-A525F", "samsung", 11, 14),
    ("SM-A536B", "samsung", 12, 14), ("M2101K6G", "Xiaomi", 11, 13),
    ("2201117TG", "Xiaomi", 11, 13), ("Redmi Note 8 Pro", "Xiaomi", 9, 11),
    ("CPH2219", "OPPO", 11, 13), ("moto g(30)", "motorola", 11, 12),
    ("ONEPLUS A6013", "OnePlus", 9, 11), ("IN2013", "OnePlus", 10, 13),
    ("ELE-L29", "HUAWEI", 9, 10),
)  # fmt: skip

ANDROID_RELEASES: dict[int, tuple[str, ...]] = {
    9: ("9",), 10: ("10",), 11: ("11",), 12: ("12",), 13: ("13",), 14: ("14",),
}  # fmt: skip

ANDROID_RADIO = ("LTE", "LTE", "NR", "HSPAP", "UMTS")
IOS_RADIO = (
    "CTRadioAccessTechnologyLTE", "CTRadioAccessTechnologyLTE", "CTRadioAccessTechnologyNRNSA",
    "CTRadioAccessTechnologyHSDPA", "CTRadioAccessTechnologyWCDMA",
)  # fmt: skip

CARRIERS: dict[str, tuple[str, ...]] = {
    "US": ("Verizon", "AT&T", "T-Mobile", "Sprint", "US Cellular"),
    "CA": ("Rogers", "Bell", "TELUS", "Fido", "Freedom"),
    "GB": ("EE", "Vodafone UK", "O2 - UK", "Three"),
    "IE": ("Vodafone IE", "Three", "eir"),
    "DE": ("Telekom.de", "Vodafone.de", "o2 - de"),
    "FR": ("Orange F", "SFR", "Bouygues Telecom", "Free"),
    "ES": ("Movistar", "Orange", "Vodafone ES", "Yoigo"),
    "IT": ("TIM", "Vodafone IT", "WINDTRE", "iliad"),
    "NL": ("KPN", "Vodafone NL", "Odido"),
    "JP": ("NTT DOCOMO", "au", "SoftBank", "Rakuten"),
    "KR": ("SKTelecom", "KT", "LG U+"),
    "CN": ("China Mobile", "China Unicom", "China Telecom"),
    "BR": ("VIVO", "Claro BR", "TIM BR", "Oi"),
    "MX": ("Telcel", "AT&T MX", "Movistar MX"),
    "IN": ("Jio 4G", "Airtel", "Vi India"),
    "AU": ("Telstra", "Optus", "Vodafone AU"),
    "RU": ("MTS RUS", "MegaFon", "Beeline"),
}
DEFAULT_CARRIERS = ("Vodafone", "Orange", "T-Mobile")

# Country → (calling code, mobile prefixes, digits after the prefix): E.164 mobile numbers.
MOBILE_NUMBERS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "US": ("1", ("201", "212", "305", "312", "415", "512", "617", "646", "702", "917"), 7),
    "CA": ("1", ("416", "514", "604", "613", "647", "778"), 7),
    "GB": ("44", ("7700", "7400", "7500", "7800", "7900"), 6),
    "IE": ("353", ("83", "85", "86", "87"), 7),
    "DE": ("49", ("151", "152", "160", "170", "171", "176"), 8),
    "FR": ("33", ("6", "7"), 8),
    "ES": ("34", ("6", "7"), 8),
    "IT": ("39", ("320", "333", "347", "366", "388"), 7),
    "NL": ("31", ("6",), 8),
    "JP": ("81", ("70", "80", "90"), 8),
    "KR": ("82", ("10",), 8),
    "CN": ("86", ("135", "138", "139", "186", "189"), 8),
    "BR": ("55", ("119", "219", "319", "419", "519"), 8),
    "MX": ("52", ("55", "33", "81"), 8),
    "IN": ("91", ("70", "80", "90", "98", "99"), 8),
    "AU": ("61", ("4",), 8),
    "RU": ("7", ("9",), 9),
}

# Country → hours from UTC as the SDKs reported `info.timezone` (a number).
TIMEZONES: dict[str, tuple[float, ...]] = {
    "US": (-8, -7, -6, -5, -4), "CA": (-8, -7, -5, -4, -3.5), "GB": (0, 1), "IE": (0, 1),
    "DE": (1, 2), "FR": (1, 2), "ES": (1, 2), "IT": (1, 2), "NL": (1, 2), "JP": (9,), "KR": (9,),
    "CN": (8,), "BR": (-3,), "MX": (-6, -5), "IN": (5.5,), "AU": (8, 9.5, 10, 11), "RU": (3, 5, 7),
}  # fmt: skip

CHROME_VERSIONS = (
    "90.0.4430.212", "91.0.4472.124", "96.0.4664.110", "103.0.5060.134", "108.0.5359.124",
    "110.0.5481.177", "114.0.5735.199", "119.0.6045.159", "120.0.0.0", "124.0.0.0",
)  # fmt: skip
SAFARI_VERSIONS = ("14.1.2", "15.6.1", "16.5", "16.6", "17.2.1", "17.4.1")
FIREFOX_VERSIONS = ("88", "91", "102", "109", "115", "118", "121", "125")
MAC_OS_TOKENS = ("10_15_7", "10_15_7", "10_14_6", "11_6_8")

WEB_SDK_VERSIONS = ("4.17.7", "4.21.2", "4.25.0", "4.29.3", "5.0.1", "5.3.2", "5.6.0")
IOS_SDK_VERSIONS = ("6.11.2", "7.1.2", "8.1.0", "9.0.0", "9.4.1", "10.1.0")
ANDROID_SDK_VERSIONS = ("5.14.4", "6.1.0", "7.0.2", "8.3.0", "9.1.1")
APP_VERSIONS = ("1.0", "1.0.3", "1.2", "2.0.1", "2.4", "3.1.0", "3.12.2", "4.0", "5.7.1")

REFERRERS = (
    "https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/",
    "https://www.facebook.com/", "https://t.co/", "",
)  # fmt: skip
PAGE_TITLES = ("Home", "Pricing", "Contact us", "Help Center", "Order status", "Checkout", "FAQ")
PAGE_PATHS = ("", "pricing", "contact", "help", "orders/status", "checkout", "faq", "blog")
