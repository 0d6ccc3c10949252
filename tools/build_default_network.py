"""Build the shipped default network (src/corridor/data/network/*.csv).

Inputs: the research tables copied into tools/default_network_sources/
(corridor-facts-nodes.csv, corridor-facts-links.csv) plus the additions,
decisions and derived parameters written out below. Every derived number
carries its arithmetic in the `notes` column. Run:

    .venv/bin/python tools/build_default_network.py

The output is deterministic; docs/data.md describes the result.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "tools" / "default_network_sources"
OUT = ROOT / "src" / "corridor" / "data" / "network"

EARTH_R = 6371.0088
CIRCUITY = {"rail": 1.25, "road": 1.30, "sea": 1.15, "ferry": 1.10}
NM_KM = 1.852

# Assumptions shared by several tables (quoted in notes and docs/data.md).
TEU_PER_SHIPMENT = 2.0  # a truck or a wagon carries one FEU or two TEU
TEU_PER_TRAIN = 90.0  # 45 container wagons x 2 TEU (Khorgos Gateway reloads 45-50-car trains)
CV_RAIL = 0.8  # shipment-level coefficient of variation of border dwell, rail
CV_ROAD = 1.0  # same, road (queues: Torkham 10-20 day tails)
CV_PORT = 0.8  # ferry/sea formalities


def gc_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_R * math.asin(math.sqrt(a))


def fmt(x: float, nd: int = 1) -> str:
    s = f"{x:.{nd}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


# --------------------------------------------------------------------------- nodes
SIMPLEMAPS = (
    "SimpleMaps World Cities Database basic (CC BY 4.0), via github.com/AliJalil/world_cities "
    "worldcities.csv"
)

ALIASES = {
    "kz_almaty": "Alma-Ata|Almaty-1",
    "kz_astana": "Nur-Sultan|Akmola|Tselinograd",
    "kz_dostyk": "Druzhba|Dostyq",
    "kz_altynkol": "Altynkol|Khorgos Gateway|Nur Zholy (rail)",
    "kz_zharkent": "Nur Zholy|Zharkent|Panfilov",
    "kz_saryagash": "Saryaghash|Zhibek Zholy",
    "kz_saksaul": "Saksaulskaya|Seksеuil|Saksaul",
    "kz_beyneu": "Beineu",
    "kz_mangyshlak": "Mangystau",
    "kz_kuryk": "Kurik|Quryq|Kuryk port",
    "kz_zhanaozen": "Uzen|Zhanaozen",
    "kz_zhezkazgan": "Jezkazgan|Dzhezkazgan",
    "cn_alashankou": "Alataw Pass|Alashan'kou",
    "cn_khorgos": "Horgos|Huoerguosi",
    "cn_urumqi": "Urumchi|Ürümqi",
    "cn_kashgar": "Kashi",
    "cn_xian": "Xian|Xi'an",
    "pk_khunjerab": "Khunjerab Pass",
    "pk_sost": "Sust",
    "pk_karachi": "Karachi|Keamari|Kiamari|Karachi Port",
    "pk_port_qasim": "Bin Qasim|Muhammad Bin Qasim",
    "pk_kharlachi": "Parachinar|Kurram",
    "pk_chaman": "Wesh-Chaman",
    "pk_taftan": "Koh-i-Taftan|Kohi Taftan",
    "pk_peshawar": "Peshawar Cantonment",
    "af_hairatan": "Hayratan",
    "af_naibabad": "Naibabat|Mazar-i-Sharif rail terminal",
    "af_mazar": "Mazar-i-Sharif|Mazar-e Sharif|Mazar",
    "af_pulikhumri": "Pul-e Khumri|Puli Khumri",
    "af_maidanshahr": "Maidan Shahr|Maidanshahr",
    "af_logar": "Pul-e Alam|Logar",
    "af_torghundi": "Towraghondi|Turgundi|Torghundi",
    "af_aqina": "Akina|Akinah|Aqina",
    "af_spin_boldak": "Spin Buldak|Wesh",
    "af_rozanak": "Roozanak",
    "uz_termez": "Termiz",
    "uz_kungrad": "Qo'ng'irot|Kungrad",
    "uz_karshi": "Qarshi",
    "tm_turkmenbashi": "Turkmenbashy|Krasnovodsk",
    "tm_turkmenabat": "Chardzhou|Türkmenabat",
    "tm_kerki": "Atamyrat|Kerki",
    "tm_imamnazar": "Ymamnazar",
    "tm_serhetabat": "Kushka|Gushgy|Serhetabat",
    "tm_sarahs": "Serakhs|Saragt",
    "ir_sarakhs": "Sarakhs|Serakhs",
    "ir_incheh_borun": "Inche Burun|Incheh Boroun",
    "ir_bandar_abbas": "Shahid Rajaee|Bandar-e Abbas",
    "ir_chabahar": "Shahid Beheshti|Chah Bahar",
    "ir_torbat_h": "Torbat-e Heydarieh",
    "az_alat": "Port of Baku|Alyat|Baku International Sea Trade Port",
    "az_boyuk_kasik": "Böyük Kəsik|Beyuk Kyasik",
    "ge_akhalkalaki": "Akhalkalaki",
    "tr_istanbul": "Halkali|Halkalı",
    "ro_constanta": "Constanța|Konstanza",
    "in_mumbai": "JNPT|Nhava Sheva|Jawaharlal Nehru Port",
}

NEW_NODES = [
    # id, name, country, lat, lon, kind, aliases, source, notes
    ("af_islam_qala", "Islam Qala (AF-IR road BCP opposite Dogharoun)", "AF", 34.66667, 61.06667,
     "border_crossing", "Islam Qala|Islam Qala-Dogharoun|Dogharoun|Dowqarun|Dogharoon",
     "Wikipedia: Islam Qala (infobox 34°40′00″N 61°04′00″E, via wikimili.com mirror)",
     "Added: Afghanistan's main road crossing to Iran (over 60 % of Iran's trade with "
     "Afghanistan passes Dogharoun, financialtribune.com; more than 200 trucks/day of Iranian "
     "goods into Afghanistan). The Dogharoun-Islam Qala crossing point is about 10 km northwest "
     "of the town (Wikipedia: Islam Qala). No throughput capacity found."),
    ("kz_petropavl", "Petropavl (Petropavlovsk)", "KZ", 54.883, 69.167, "terminal",
     "Petropavlovsk|Kyzylzhar",
     "Wikipedia: Petropavl (infobox 54°53′N 69°10′E, read via mirror it.qwertyu.wiki)",
     "Added for the northern route to Russia. Junction of the Trans-Kazakhstan line with the South "
     "Urals (Trans-Siberian) main line; the Petropavlovsk division is run by RZD's South Urals "
     "Railway (Great Soviet Encyclopedia 'Southern Urals Railroad', ed.newdu.com). Gauge 1520."),
    ("ru_kurgan", "Kurgan", "RU", 55.467, 65.35, "city", "Курган",
     "Wikipedia: Kurgan, Kurgan Oblast (55°28′N 65°21′E, via en-academic.com mirror)",
     "Added for the northern route (Trans-Siberian, South Urals Railway). Gauge 1520."),
    ("ru_chelyabinsk", "Chelyabinsk", "RU", 55.15, 61.40, "city", "Челябинск", SIMPLEMAPS,
     "Added for the northern route. Gauge 1520."),
    ("ru_samara", "Samara", "RU", 53.1833, 50.1167, "city", "Kuibyshev|Самара", SIMPLEMAPS,
     "Added for the northern route. Gauge 1520."),
    ("ru_moscow", "Moscow", "RU", 55.7558, 37.6178, "city", "Moskva|Москва", SIMPLEMAPS,
     "Added for the northern route. Gauge 1520."),
    ("by_minsk", "Minsk", "BY", 53.9022, 27.5618, "city", "Мінск", SIMPLEMAPS,
     "Added for the northern route; first Belarusian node of the model, so it carries the RU|BY "
     "crossing. Gauge 1520."),
    ("by_brest", "Brest (Brest-Tsentralny)", "BY", 52.13472, 23.65694, "border_crossing",
     "Brest-Litovsk|Brześć",
     "Wikipedia: Brest, Belarus (52°08′05″N 23°39′25″E, via sagapedia.com mirror)",
     "BY-PL border station opposite Terespol; 1520 and 1435 tracks, gauge change and "
     "transshipment (Wikipedia; Japanese Wikipedia 'Minsk–Brest railway')."),
    ("pl_malaszewicze", "Małaszewicze", "PL", 52.027, 23.531, "dry_port",
     "Malaszewicze|Terespol",
     "polot.net 'PKP Małaszewicze 2022' (52.027N 23.531E)",
     "Main EU transshipment area for China-Europe rail (index1520.com 2022-12-07); broad-gauge "
     "capacity 14 pairs of trains/day (index1520.com 2020-07-08). Gauges 1435 and 1520."),
    ("pl_warsaw", "Warsaw", "PL", 52.2167, 21.0333, "city", "Warszawa", SIMPLEMAPS,
     "Added as the European end of the northern route. Gauge 1435."),
]

# --------------------------------------------------------------------------- link decisions
# research key (FROM, TO, mode) -> gauge decision and note
GAUGE_DECISIONS = {
    ("CN_ALASHANKOU", "KZ_DOSTYK", "rail"): (
        "1520|1435",
        "DECISION: dual-gauge link - 1435 track runs into Dostyk and 1520 track into Alashankou, "
        "and both stations have gauge-change/transshipment plants (Wikipedia 'Dostyk'; index1520.com: "
        "Dostyk handles 15 trains/day on 1520 and 12/day on 1435). The router may change gauge at "
        "either end; node rows in transfers.csv cost both."),
    ("CN_KHORGOS", "KZ_ALTYNKOL", "rail"): (
        "1520|1435",
        "DECISION: dual-gauge link - the Khorgos Gateway dry port at Altynkol has 1435 reception "
        "tracks (railfreight.com 2022-10-06: new 1435 tracks) and Khorgos (CN) has 1520 tracks; "
        "gauge change at either end, Altynkol (Khorgos Gateway) being the main crane terminal."),
    ("TM_AKYAYLA", "IR_INCHEH_BORUN", "rail"): (
        "1520",
        "DECISION: 1520 only - the 1520 track was extended ~8 km into Iran in 2021 so bogies are "
        "no longer changed at the border (rameuic.com news 375); the gauge change now happens at "
        "Incheh Borun, where this 1520 link meets the 1435 line to Gorgan. Research gauge was 1520|1435."),
    ("TM_SARAHS", "IR_SARAKHS", "rail"): (
        "1520",
        "DECISION: 1520 only - the bogie-exchange plant is at Sarakhs (IR) (railwaygazette.com 2005; "
        "report.az 2022), so 1520 wagons run to Sarakhs and the gauge change is at ir_sarakhs. "
        "Research gauge was 1520|1435."),
    ("AF_HERAT", "AF_KANDAHAR", "rail"): (
        "1520",
        "DECISION (assumption): gauge is not stated in any source; 1520 is the KTAP assumption "
        "(Kazakh-financed continuation of the 1520 Torghundi-Herat line; Russian Railways offered "
        "1520 track 'up to Pakistani territory'). A 1435 choice (continuing Khaf-Herat) is the "
        "main alternative."),
    ("AF_KANDAHAR", "AF_SPIN_BOLDAK", "rail"): (
        "1520",
        "DECISION (assumption): 1520, as Herat-Kandahar; the KTAP 1520/1676 break is then at "
        "Spin Boldak, where this link meets the 1676 Spin Boldak-Chaman link."),
    ("AF_SPIN_BOLDAK", "PK_CHAMAN", "rail"): (
        "1676",
        "KTAP BREAK OF GAUGE: research gives this 13 km extension of the Pakistan Railways Chaman "
        "railhead as 1676, so the 1520/1676 break of the KTAP line is at af_spin_boldak "
        "(transfers.csv row). Location is undecided in reality (could equally be Chaman)."),
    ("AF_SHEBERGHAN", "AF_MAZAR", "rail"): (
        "1520",
        "DECISION (assumption): 1520 like the other northern Afghan lines (Aqina-Andkhoy, "
        "Hairatan-Naibabad); research says gauge not confirmed."),
    ("AF_KABUL", "AF_JALALABAD", "rail"): (
        "1520",
        "DECISION (assumption): 1520, Trans-Afghan railway planned at 1520 (trainof-thought.com; "
        "leadpakistan.com.pk); older alignment Mazar-Kabul-Jalalabad-Torkham-Peshawar."),
    ("AF_JALALABAD", "PK_TORKHAM", "rail"): (
        "1520",
        "DECISION (assumption): 1520 up to Torkham ('1520 track up to Pakistani territory'); the "
        "1520/1676 break of the older Trans-Afghan alignment is at pk_torkham."),
}

# research links that are replaced or dropped: key -> reason
DROPPED = {
    ("KZ_ZHEZKAZGAN", "KZ_BEYNEU", "rail"): (
        "DROPPED: the 988 km figure (UIC e-news 414) is the sum of the two new-build segments "
        "Zhezkazgan-Saksaulskaya (490 km) and Shalkar-Beyneu (498 km); trains run over the existing "
        "Saksaulskaya-Shalkar section between them (research note: 'aggregate of the two new "
        "segments'). A 988 km single link would also be shorter than the 993 km great-circle "
        "distance, which is impossible for one line. Modelled as the three segment links."),
    ("KZ_ALMATY", "UZ_TASHKENT", "road"): (
        "SPLIT at kz_saryagash (the Zhibek Zholy/Gisht Kuprik road crossing lies next to "
        "Saryagash) so the KZ-UZ road crossing sits at the border: kz_almaty__kz_saryagash__road "
        "(805 km) + kz_saryagash__uz_tashkent__road (25 km)."),
    ("PK_HAVELIAN", "CN_KASHGAR", "rail"): (
        "SPLIT at pk_khunjerab so the planned CN-PK rail crossing sits at the border: "
        "pk_havelian__pk_khunjerab__rail (~750 km) + pk_khunjerab__cn_kashgar__rail (~350 km)."),
}

# research links whose length is replaced: key -> (length, basis, source_append, note)
LENGTH_REPLACED = {
    ("PK_KARACHI", "PK_QUETTA", "road"): (
        687.0, "estimate",
        "NHA / Wikipedia (ur) 'N-25': Karachi-Chaman 813 km; carr.pk 2025 (813 km); PM Office "
        "via urdupoint 2025-05-06 (790 km)",
        "REPLACED research estimate 774 km: 813 km (N-25 Karachi-Quetta-Chaman, published) minus "
        "126 km (Quetta-Chaman, still an estimate) = 687 km; basis stays 'estimate' because one "
        "term is estimated. Great-circle 595 km (x1.15)."),
}

LENGTH_REPLACED.update({
    ("KZ_ZHEZKAZGAN", "KZ_SAKSAUL", "rail"): (
        523.0, "estimate",
        "estimate: great-circle x 1.05 (straight new-build steppe line); UIC e-news 414 / KTZ (988 km for "
        "the two new segments); Zakon.kz/Kazinform Aug 2014 (Shalkar-Beyneu 498 km main track)",
        "REPLACED research derived 490 km (= 988 - 498): that is below the 498 km great-circle distance "
        "between the nodes, so '498 km of main track = Shalkar-Beyneu route length' and '988 km = both new "
        "segments' cannot both hold. Estimated 498 x 1.05 = 523 km; with Shalkar-Beyneu 498 km the pair is "
        "1,021 km vs the published 988 km."),
    ("KZ_ZHANAOZEN", "KZ_BOLASHAK", "rail"): (
        140.0, "source",
        "azvision (KZ section of the KTI railway 140 km); TASS 2014-12-03 (120 km); WFP LCA (Uzen-Serhetyaka "
        "via Bolashak 146 km)",
        "REPLACED 120 km (TASS): below the 130.5 km great-circle distance from Zhanaozen to the Bolashak "
        "border station. 140 km (azvision) agrees with 146 km to Serhetyaka minus the ~8 km border link."),
    ("TM_ASHGABAT", "TM_TEJEN", "rail"): (
        229.0, "derived",
        "Wikipedia (de): Transkaspische Eisenbahn, route diagram km posts (Ashgabat 557, Mary 928) (confidence L for the split)",
        "RE-SPLIT: research 295 km put the junction east of Tejen and left Tejen-Mary (76 km) below its "
        "great-circle distance (121 km). The firm Ashgabat-Mary total 928 - 557 = 371 km is split in "
        "proportion to great-circle distances (195 : 121): 371 x 195/316 = 229 km."),
    ("TM_TEJEN", "TM_MARY", "rail"): (
        142.0, "derived",
        "Wikipedia (de): Transkaspische Eisenbahn, route diagram km posts (Ashgabat 557, Mary 928) (confidence L for the split)",
        "RE-SPLIT: 371 km Ashgabat-Mary (firm) x 121/316 = 142 km (research 76 km was below the 121 km great circle)."),
    ("AF_ANDKHOY", "AF_SHEBERGHAN", "rail"): (
        84.0, "estimate",
        "estimate: great-circle x 1.25; railwaygazette.com surveys article (Andkhoy-Sheberghan 55 km)",
        "REPLACED 55 km (published) because it is below the 67 km great-circle distance between the node "
        "points (the 55 km may start east of Andkhoy). 67 x 1.25 = 84 km."),
    ("UZ_TERMEZ", "AF_HAIRATAN", "rail"): (
        15.0, "estimate",
        "estimate: great-circle x 1.25; Wikipedia 'Hairatan' (10 km rail link over the Friendship Bridge)",
        "REPLACED 10 km: the published 10 km is the bridge link from the Uzbek border station; the model's "
        "Termez node is Termez station, 12.2 km great circle from Hairatan -> 12.2 x 1.25 = 15 km."),
})

# --------------------------------------------------------------------------- added links
# id-less tuples: from, to, mode, gauge, length or None (=estimate), basis, status, source, notes,
#                 speed, capacity
ADDED_LINKS = [
    ("kz_almaty", "kz_saryagash", "road", "", 805.0, "derived", "existing",
     "Cycling blog sabbiketical.blogspot.com 2010 (road sign just inside KZ at the Tashkent "
     "crossing: '805 km to Almaty') (confidence L)",
     "Replaces the first part of research link KZ_ALMATY-UZ_TASHKENT (830 km = 805 + 25). The "
     "sign stands at the Zhibek Zholy crossing, a few km from Saryagash station (node). Sign "
     "predates the 2012 Kainar-Oital bypass (same length per KZ ministry). Via Shymkent (A2/M39).",
     None, None),
    ("af_herat", "af_islam_qala", "road", "", 125.0, "source", "existing",
     "Wikipedia (Arabic) 'اسلام قلعة' (2008 copy, wikipedia2007.classicistranieri.com): the "
     "paved Herat-Islam Qala road is 125 km (confidence L)",
     "Islam Qala-Herat Highway (AH1), built with Iranian participation (WFP LCA Afghanistan "
     "2.3). Great-circle 106 km.", None, None),
    ("af_islam_qala", "ir_mashhad", "road", "", 260.0, "derived", "existing",
     "DERIVED: tabnak.ir 2023-09-26 (Dogharoun border terminal 250 km from Mashhad) + "
     "Wikipedia: Islam Qala (crossing ~10 km northwest of the town)",
     "250 + 10 km. AF-IR road border link (crossing islam_qala_dogharoun_road at "
     "af_islam_qala). Great-circle 224 km. Via Taybad and Torbat-e Jam.", None, None),
    ("kz_saryagash", "uz_tashkent", "road", "", 25.0, "source", "existing",
     "travellingtwo.com 'Tashkent to Almaty' (Tashkent-border 25 km) (confidence L)",
     "Second part of research link KZ_ALMATY-UZ_TASHKENT; KZ-UZ road border link (crossing "
     "zhibek_zholy_road at kz_saryagash).", None, None),
    ("pk_havelian", "pk_khunjerab", "rail", "1676", 750.0, "source", "planned",
     "historicalplaceinpakistan.blogspot.com quoting Wikipedia: 2009 feasibility study Havelian "
     "(~750 km)-Kashgar (~350 km); ML-5 Taxila-Khunjerab (scribd PR network) (confidence L)",
     "Pakistani part of the planned Khunjerab railway (research link PK_HAVELIAN-CN_KASHGAR "
     "1100 km split at the pass). Gauge not stated: ASSUMED 1676 (Pakistan Railways network); "
     "break of gauge 1676/1435 at pk_khunjerab. Approximate length. Mountain line along the KKH.",
     None, None),
    ("pk_khunjerab", "cn_kashgar", "rail", "1435", 350.0, "source", "planned",
     "historicalplaceinpakistan.blogspot.com quoting Wikipedia: 2009 feasibility study Havelian "
     "(~750 km)-Kashgar (~350 km) (confidence L)",
     "Chinese part of the planned Khunjerab railway; gauge ASSUMED 1435 (China). Border link "
     "CN-PK (crossing khunjerab_rail).", None, None),
    ("af_maidanshahr", "af_kabul", "rail", "1520", None, "estimate", "planned",
     "estimate (great-circle from node coordinates x circuity factor 1.25); modelling link",
     "ADDED so the older Trans-Afghan alignment (Mazar-Kabul-Jalalabad-Torkham-Peshawar) reaches "
     "Kabul: it shares Naibabad-Maidan Shahr with the July 2023 alignment and turns to Kabul "
     "here. No source describes this exact link; planned status as the rest of the line.",
     None, None),
    ("ir_tehran", "ir_bafq", "rail", "1435", 743.0, "estimate", "existing",
     "DERIVED + estimate: Qom-Bafq 590.3 km from the Qom-Zahedan line km posts (Wikipedia DE "
     "'Bahnstrecke Qom-Zahedan' via de.zxc.wiki: Qom 0, Badrud 162.3; Badrud 0 ... Bafq 428) "
     "plus Tehran-Qom estimated 153 km (great-circle 122 km x circuity 1.25; no km post found)",
     "ADDED so the INSTC branch Incheh Borun-Gorgan-Tehran reaches Bafq and Bandar Abbas without "
     "a detour through Turkmenistan: Tehran-Qom (Trans-Iranian) then Qom-Kashan-Badrud-Yazd-Bafq. "
     "Length = 153 (estimate) + 162.3 + 428 = 743 km.", None, None),
    # sea legs to Karachi
    ("ir_bandar_abbas", "pk_karachi", "sea", "", None, "estimate", "existing",
     "estimate (great-circle x 1.15); no published Bandar Abbas-Karachi sea distance found",
     "INSTC sea leg to Karachi (feeder services in the Gulf-India-Strait rotations call Bandar "
     "Abbas and Pakistani/Indian ports, informare.it 2003). Cross-check: Chabahar-Karachi 347 nm "
     "(643 km) + Bandar Abbas-Chabahar great-circle 485 km x 1.15 = 1,201 km.", None, None),
    ("ir_chabahar", "pk_karachi", "sea", "", round(347 * NM_KM, 1), "source", "existing",
     "Pakistan Ministry of Ports & Shipping via AIMS TV 2015-11-07 (Karachi-Chabahar 347 nautical "
     "miles, 14 h by ferry at 28-30 kn) (confidence M)",
     "347 nm x 1.852 = 642.6 km, barely above the 642 km great circle (direct open-sea line). "
     "Conflicting figure: 455 nm (843 km) in Wikipedia 'Port of Chabahar' (citing the port). "
     "Cross-check: Gwadar-Karachi 290 nm + Chabahar-Gwadar ~92 nm great circle ~ 382 nm.",
     None, None),
    ("pk_gwadar", "pk_karachi", "sea", "", round(290 * NM_KM, 1), "source", "existing",
     "globalsecurity.org 'Gwadar Port - Description' (Sailing Directions text: 'about 290 miles "
     "from Karachi', nautical miles) (confidence M)",
     "290 nm x 1.852 = 537 km; great circle 470 km (x1.14). Coastal feeder leg; domestic.",
     None, None),
    ("ge_batumi", "ro_constanta", "sea", "", None, "estimate", "existing",
     "estimate (great-circle x 1.15)",
     "Black Sea leg of the Middle Corridor from Batumi (TITR operators use Poti/Batumi-Constanța; "
     "World Bank 2023; navisgroup 2025).", None, None),
    # northern route to Russia / Europe
    ("kz_astana", "kz_petropavl", "rail", "1520", None, "estimate", "existing",
     "estimate (great-circle x 1.25)",
     "Trans-Kazakhstan line via Kokshetau (KTZ passenger route Kyzylorda-Karaganda-Astana-"
     "Kokshetau-Petropavl, apgazeta.kz 2017). Road Astana-Petropavl is 428 km on the A1 "
     "(acearchive.org, L).", None, None),
    ("kz_petropavl", "ru_kurgan", "rail", "1520", None, "estimate", "existing",
     "estimate (great-circle x 1.25)",
     "KZ-RU border link on the South Urals main line (Trans-Siberian southern route) via the "
     "Petukhovo border station (~10 km from the border, de.zxc.wiki 'Petuchowo'). RZD km posts "
     "on the Utyak-Petropavlovsk section reach km 2,541 and on Churilovo-Kurgan km 2,347 "
     "(ura.news 2025-11-05), but the two stations' posts were not found.", None, None),
    ("ru_kurgan", "ru_chelyabinsk", "rail", "1520", None, "estimate", "existing",
     "estimate (great-circle x 1.25)",
     "Trans-Siberian (South Urals Railway), Kurgan-Chelyabinsk.", None, None),
    ("ru_chelyabinsk", "ru_samara", "rail", "1520", None, "estimate", "existing",
     "estimate (great-circle x 1.25)",
     "Samara-Ufa-Zlatoust-Chelyabinsk main line (South Urals / Kuibyshev railways), crossing the "
     "southern Urals: likely understated.", None, None),
    ("ru_samara", "ru_moscow", "rail", "1520", None, "estimate", "existing",
     "estimate (great-circle x 1.25)",
     "Samara-Syzran-Ryazan-Moscow (Kuibyshev / Moscow railways).", None, None),
    ("ru_moscow", "by_minsk", "rail", "1520", 753.0, "derived", "existing",
     "Wikipedia 'Moscow–Brest Railway' (about 1,100 km, infosekolah.net mirror); Wikipedia (ja) "
     "'Minsk–Brest railway' (347 km) (confidence M)",
     "DER: ~1,100 (Moscow-Brest) - 347 (Minsk-Brest) = 753 km. The 1,100 km is a rounded figure. "
     "RU-BY border link (Union State, no border controls: crossing ru_by_union_rail).",
     None, None),
    ("by_minsk", "by_brest", "rail", "1520", 347.0, "source", "existing",
     "Wikipedia (ja) 'Minsk–Brest railway' (wiki.edu.vn mirror): 347 km, double track, "
     "electrified 25 kV (confidence M)", "Part of the Moscow-Brest railway.", None, None),
    ("by_brest", "pl_malaszewicze", "rail", "1520|1435", None, "estimate", "existing",
     "estimate (great-circle x 1.25); Wikipedia 'Warsaw–Terespol railway' (Terespol-Brest 5 km "
     "line over the Bug)",
     "DUAL-GAUGE link: both 1435 (to Brest) and 1520 (to the Małaszewicze broad-gauge yards) cross "
     "the Bug; gauge change at by_brest or pl_malaszewicze. Capacity: broad gauge 14 pairs of "
     "trains/day (index1520.com 2020-07-08; 55 pairs planned by 2028) x 90 TEU/train = 1,260 "
     "TEU/day per direction.", None, 14 * TEU_PER_TRAIN),
    ("pl_malaszewicze", "pl_warsaw", "rail", "1435", 204.0, "derived", "existing",
     "Wikipedia 'Warsaw–Terespol railway' (211 km; PKP line 2, 214.227 km per polot.net) "
     "(confidence M)",
     "DER: 211 km Warsaw-Terespol minus ~7 km Terespol-Małaszewicze (great circle, estimate) = "
     "204 km. Line 2 (E20), 120 km/h freight.", None, None),
]

# capacity (TEU/day, each direction) for research links, with the arithmetic
CAPACITY = {
    ("KZ_DOSTYK", "KZ_AKTOGAY", "rail"): (
        60 * TEU_PER_TRAIN,
        "CAPACITY: Dostyk-Moyinty double track finished Sep 2025, 60 (pairs of) trains/day vs 12 "
        "single-track (railway.supply / RailFreight 2022, 2025) x 90 TEU/train = 5,400 TEU/day per "
        "direction if every path carried a container train (mixed traffic leaves less)."),
    ("KZ_AKTOGAY", "KZ_MOYINTY", "rail"): (
        60 * TEU_PER_TRAIN,
        "CAPACITY: as Dostyk-Aktogay: 60 trains/day after double-tracking x 90 TEU = 5,400 TEU/day."),
    ("CN_ALASHANKOU", "KZ_DOSTYK", "rail"): (
        28 / 2 * TEU_PER_TRAIN,
        "CAPACITY: interchange limit Dostyk-Alashankou 14 -> 28 trains/day from 1 Jul 2025 "
        "(railways.kz 2025-03-04; RailFreight 2025), both directions together -> 14 per direction "
        "x 90 TEU = 1,260 TEU/day."),
    ("CN_KHORGOS", "KZ_ALTYNKOL", "rail"): (
        15 / 2 * TEU_PER_TRAIN,
        "CAPACITY: interchange limit Altynkol-Khorgos 8 -> 15 trains/day from 1 Mar 2025 "
        "(railways.kz 2025-03-04), both directions -> 7.5 per direction x 90 TEU = 675 TEU/day."),
    ("KZ_ARYS", "KZ_SARYAGASH", "rail"): (
        26 / 2 * TEU_PER_TRAIN,
        "CAPACITY: Saryagash averaged 26 trains/day (Jan-Apr 2025, trend.az) and runs at full "
        "capacity (27 mt/yr, inform.kz) -> 13 per direction x 90 TEU = 1,170 TEU/day."),
    ("KZ_SARYAGASH", "UZ_KELES", "rail"): (
        26 / 2 * TEU_PER_TRAIN,
        "CAPACITY: as Arys-Saryagash: 26 trains/day at capacity -> 1,170 TEU/day per direction."),
    ("KZ_ZHANAOZEN", "KZ_BOLASHAK", "rail"): (
        5 * TEU_PER_TRAIN,
        "CAPACITY: Bolashak handles ~5 trains/day each way (jjtv.kz) x 90 TEU = 450 TEU/day "
        "(observed traffic used as practical capacity; design 10-12 mt/yr)."),
    ("KZ_BOLASHAK", "TM_SERHETYAKA", "rail"): (
        5 * TEU_PER_TRAIN,
        "CAPACITY: ~5 trains/day each way at Bolashak x 90 TEU = 450 TEU/day."),
    ("UZ_TERMEZ", "AF_HAIRATAN", "rail"): (
        6 * 30 * TEU_PER_SHIPMENT,
        "CAPACITY: single track over the Friendship Bridge; 5-6 trains/day from Uzbekistan "
        "(timesofoman/Xinhua c. 2019, L) of up to 30 wagons (2009, andrewgrantham.co.uk) x 2 TEU "
        "= 360 TEU/day."),
    ("KZ_KURYK", "AZ_ALAT", "ferry"): (
        110.0,
        "CAPACITY: Kuryk Jan-Oct 2023 ~600 ferry calls (~14/week) and 16,500 wagons (~27.5 wagons "
        "per call, azerbaycan24/KTZ) -> ~55 wagons/day x 2 TEU = 110 TEU/day (observed; ferries "
        "sail when full and KTZ calls the Caspian 'the main limiting factor', report.az 2025)."),
    ("KZ_AKTAU", "AZ_ALAT", "ferry"): (
        round(89000 / 365),
        "CAPACITY: container feeders Aktau->Alat ~89,000 TEU/yr (4 KMTF + 2 ASCO feeders, sia.az "
        "2025) / 365 = 244 TEU/day; rail ferries on this line come on top."),
    ("TM_TURKMENBASHI", "AZ_ALAT", "ferry"): (
        round(10 / 7 * 40 * TEU_PER_SHIPMENT),
        "CAPACITY: ~10 sailings/week each way (Turkmenbashi Jan-May 2023, newscentralasia.net) x "
        "~40 units per sailing (Berkarar 53 trucks; older ferries 27 railcars) x 2 TEU = 114 TEU/day "
        "(estimate)."),
}

SPEED = {
    ("KZ_KURYK", "AZ_ALAT", "ferry"): (round(399 / 18, 1), "SPEED: 399 km / 18 h Baku-Kuryk crossing (sudohodstvo.org) = 22.2 km/h."),
    ("KZ_AKTAU", "AZ_ALAT", "ferry"): (round(508 / 22, 1), "SPEED: 508 km / 22 h Baku-Aktau crossing (sudohodstvo.org) = 23.1 km/h."),
    ("TM_TURKMENBASHI", "AZ_ALAT", "ferry"): (round(306 / 9.5, 1), "SPEED: 306 km / 9.5 h (Berkarar/Bagtyyar 9-10 h, report.az; 17.6 kn) = 32.2 km/h."),
}

MOUNTAIN_NOTE = {
    ("AF_MAZAR", "AF_PULIKHUMRI", "road"): "MOUNTAIN: Salang approach; great-circle x 1.3 likely understates.",
    ("AF_PULIKHUMRI", "AF_KABUL", "road"): "MOUNTAIN: Salang pass/tunnel (3,400 m), winter closures (Jan 2025 indefinite closure, dawatmedia24); x 1.3 likely understates.",
    ("AF_NAIBABAD", "AF_MAIDANSHAHR", "rail"): "MOUNTAIN: crosses the Hindu Kush; x 1.25 likely understates badly (tunnels/loops). Sum Termez-Naibabad-Maidan Shahr-Logar-Kharlachi = 10+75+371+59+125 = 640 km, matching the '640 km' quoted in 2025.",
    ("AF_LOGAR", "PK_KHARLACHI", "rail"): "MOUNTAIN: Logar-Paktia-Kurram; x 1.25 likely understates.",
    ("AF_LOGAR", "PK_KHARLACHI", "road"): "MOUNTAIN: via Paktia/Kurram; x 1.3 likely understates.",
    ("PK_KHARLACHI", "PK_KOHAT", "rail"): "MOUNTAIN: Kurram valley/Thal; x 1.25 likely understates.",
    ("PK_KHARLACHI", "PK_KOHAT", "road"): "MOUNTAIN: Parachinar-Thal-Kohat; x 1.3 likely understates.",
    ("AF_KABUL", "AF_JALALABAD", "rail"): "MOUNTAIN: Kabul gorge/Silk Gorge; the road is 143 km (published) so 148 km for rail is optimistic.",
    ("AF_JALALABAD", "PK_TORKHAM", "rail"): "MOUNTAIN: Khyber approach; x 1.25 likely understates.",
    ("PK_TORKHAM", "PK_PESHAWAR", "rail"): "MOUNTAIN: Khyber pass (old Khyber railway had reversing stations); x 1.25 understates.",
    ("PK_CHAMAN", "PK_QUETTA", "road"): "MOUNTAIN: Khojak pass; x 1.3 may understate.",
    ("AF_HERAT", "AF_MAZAR", "road"): "MOUNTAIN: northern arc via Sabzak pass; x 1.3 may understate.",
}


# --------------------------------------------------------------------------- helpers
def slug(s: str) -> str:
    return s.lower()


def link_id(a: str, b: str, mode: str) -> str:
    return f"{a}__{b}__{mode}"


def lognormal_from_mean(mean: float, cv: float) -> tuple[float, float, float]:
    """Return (median, p90, sigma) of a lognormal with this mean and CV."""
    s2 = math.log(1 + cv * cv)
    sigma = math.sqrt(s2)
    median = mean / math.sqrt(1 + cv * cv)
    p90 = median * math.exp(1.2816 * sigma)
    return median, p90, sigma


def lognormal_mean(median: float, p90: float) -> float:
    sigma = math.log(p90 / median) / 1.2816
    return median * math.exp(sigma * sigma / 2)


def write_csv(name: str, header: list[str], rows: list[dict]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / name, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in header})


# --------------------------------------------------------------------------- build
def build_nodes() -> tuple[list[dict], dict]:
    rows, coords = [], {}
    with open(SRC / "corridor-facts-nodes.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            nid = slug(r["id"])
            kind = r["kind"]
            notes = []
            if r["gauge_mm"]:
                notes.append(f"gauges at node (research): {r['gauge_mm']}")
            if nid == "kz_kuryk":
                kind = "ferry_port"
                notes.append("kind changed seaport -> ferry_port: a rail-ferry complex (opened Dec 2016)")
            if r["source"].startswith("ESTIMATE"):
                notes.append("coordinates are a researcher ESTIMATE; verify")
            rows.append(dict(id=nid, name=r["name"], country=r["country"].upper(),
                             lat=float(r["lat"]), lon=float(r["lon"]), kind=kind,
                             aliases=ALIASES.get(nid, ""), source=r["source"],
                             notes="; ".join(notes)))
    for (nid, name, cc, lat, lon, kind, al, src, note) in NEW_NODES:
        rows.append(dict(id=nid, name=name, country=cc, lat=lat, lon=lon, kind=kind,
                         aliases=al, source=src, notes="ADDED (not in research table). " + note))
    for r in rows:
        coords[r["id"]] = (r["lat"], r["lon"], r["country"])
    return rows, coords


def build_links(coords: dict) -> list[dict]:
    rows = []
    with open(SRC / "corridor-facts-links.csv", encoding="utf-8") as f:
        research = list(csv.DictReader(f))
    for r in research:
        key = (r["from"], r["to"], r["mode"])
        if key in DROPPED:
            continue
        a, b, mode = slug(r["from"]), slug(r["to"]), r["mode"]
        gauge = r["gauge_mm"] if mode == "rail" else ""
        notes = [r["notes"]] if r["notes"] else []
        if key in GAUGE_DECISIONS:
            gauge, gnote = GAUGE_DECISIONS[key]
            notes.append(gnote)
        length, basis, source = float(r["length_km"]), r["length_basis"], r["source"]
        if key in LENGTH_REPLACED:
            length, basis, src_add, lnote = LENGTH_REPLACED[key]
            source = src_add
            notes.append(lnote)
        if basis == "estimate" and "circuity" in r["source"] and "great-circle" in r["source"]:
            source = f"estimate: great-circle x circuity {CIRCUITY[mode]} (researcher method)"
        speed = cap = None
        if key in SPEED:
            speed, snote = SPEED[key]
            notes.append(snote)
        if key in CAPACITY:
            cap, cnote = CAPACITY[key]
            notes.append(cnote)
        if key in MOUNTAIN_NOTE:
            notes.append(MOUNTAIN_NOTE[key])
        if key == ("KZ_ZHEZKAZGAN", "KZ_SAKSAUL", "rail") or key == ("KZ_SHALKAR", "KZ_BEYNEU", "rail"):
            notes.append("The 988 km aggregate Zhezkazgan-Beyneu link of the research is not kept: "
                         "it is the sum of this segment and its twin (see docs/data.md).")
        if gauge == "" and mode == "rail":
            raise SystemExit(f"rail link without gauge: {key}")
        rows.append(dict(id=link_id(a, b, mode), **{"from": a, "to": b}, mode=mode,
                         gauge_mm=gauge, length_km=length, length_basis=basis,
                         status=r["status"], oneway="", speed_kmh=speed,
                         capacity_teu_day=cap, source=source, notes="; ".join(notes)))
    for (a, b, mode, gauge, length, basis, status, source, note, speed, cap) in ADDED_LINKS:
        la, lo, _ = coords[a]
        lb, lob, _ = coords[b]
        g = gc_km(la, lo, lb, lob)
        if length is None:
            length = round(g * CIRCUITY[mode])
            note = f"{note} Great-circle {g:.0f} km x {CIRCUITY[mode]} = {length} km."
        else:
            note = f"{note} Great-circle {g:.0f} km."
        rows.append(dict(id=link_id(a, b, mode), **{"from": a, "to": b}, mode=mode,
                         gauge_mm=gauge, length_km=length, length_basis=basis, status=status,
                         oneway="", speed_kmh=speed, capacity_teu_day=cap, source=source,
                         notes="ADDED (not in research table). " + note))
    for r in rows:
        if isinstance(r["length_km"], float):
            r["length_km"] = fmt(r["length_km"], 1)
        if r["capacity_teu_day"] is not None:
            r["capacity_teu_day"] = fmt(float(r["capacity_teu_day"]), 0)
    return rows


# crossings --------------------------------------------------------------------------------
CPMM = "CAREC CPMM (cpmm.carecprogram.org)"

# Side figures (mean h per crossing side, cost US$ per shipment) used as building blocks.
# Each crossing below = exit side + entry side.
CROSSINGS = [
    # id, node, countries, modes, [(label, mean_h, fee_usd_shipment)], cv, capacity, status_note, extra
    ("dostyk_alashankou_rail", "kz_dostyk", "KZ|CN", "rail",
     [("CN side Alashankou rail 2022 (CPMM 2022 PRC)", 30.5, None),
      ("KZ side: mean of KZ rail inbound 78.0 / outbound 6.8 h 2022 (CPMM 2022 KZ)", 42.4, None),
      ("fee CN: PRC rail all BCPs 2023", None, 90.0),
      ("fee KZ: mean of KZ rail in 313 / out 185 US$ 2022", None, 249.0)],
     CV_RAIL, None, "gauge", ""),
    ("dostyk_alashankou_road", "kz_dostyk", "KZ|CN", "road",
     [("CN side Alashankou-Dostyk road 2022 (CPMM 2022 PRC)", 81.3, None),
      ("KZ side: KZ road all BCPs 2022", 4.3, None),
      ("fee CN: no figure -> CAREC road average 2022", None, 208.0),
      ("fee KZ: KZ road all BCPs 2022", None, 317.0)],
     CV_ROAD, None, "", ""),
    ("altynkol_khorgos_rail", "kz_altynkol", "KZ|CN", "rail",
     [("CN side Horgos rail 2022 (CPMM 2022 PRC)", 34.8, None),
      ("KZ side: mean of KZ rail in 78.0 / out 6.8 h 2022", 42.4, None),
      ("fee CN: PRC rail all BCPs 2023", None, 90.0),
      ("fee KZ: mean of KZ rail in 313 / out 185 US$ 2022", None, 249.0)],
     CV_RAIL, None, "gauge_khorgos", ""),
    ("nur_zholy_khorgos_road", "kz_zharkent", "KZ|CN", "road",
     [("CN side Horgos-Nur Zholy road 2023 (CPMM 2023 BCP Monitor; 23.5 h in 2022, 77.5 h in 2021)", 51.4, None),
      ("KZ side: KZ road all BCPs 2023", 4.2, None),
      ("fee CN: Horgos road 2022 (1,658 in 2020; 5,809 in 2021) - includes unloading into Khorgos warehouses", None, 1861.0),
      ("fee KZ: KZ road all BCPs 2022", None, 317.0)],
     CV_ROAD, None, "", ""),
    ("saryagash_keles_rail", "kz_saryagash", "KZ|UZ", "rail",
     [("KZ side: KZ rail outbound 2022", 6.8, 185.0),
      ("UZ side: UZ rail inbound 2022 (CPMM 2022 UZ)", 6.8, 133.0)],
     CV_RAIL, None, "", "No crossing-specific figure (research gap)."),
    ("zhibek_zholy_road", "kz_saryagash", "KZ|UZ", "road",
     [("KZ side: KZ road all BCPs 2022", 4.3, 317.0),
      ("UZ side: mean of Alat(UZ) road out 3.9 / in 1.7 h 2022 (CPMM 2022 UZ); fee: CAREC road average", 2.8, 208.0)],
     CV_ROAD, None, "", "Zhibek Zholy / Gisht Kuprik road crossing, modelled at kz_saryagash."),
    ("beyneu_kungrad_rail", "kz_beyneu", "KZ|UZ", "rail",
     [("KZ side: KZ rail outbound 2022", 6.8, 185.0),
      ("UZ side: UZ rail inbound 2022", 6.8, 133.0)],
     CV_RAIL, None, "", "No crossing-specific figure; 1520/1520 proxy. Modelled at Beyneu (border stations not in the model)."),
    ("bolashak_serhetyaka_rail", "kz_bolashak", "KZ|TM", "rail",
     [("KZ side: KZ rail outbound 2022", 6.8, 185.0),
      ("TM side: no TM figure -> UZ rail inbound 2022 as 1520-network proxy", 6.8, 133.0)],
     CV_RAIL, None, "", "No crossing-specific figure (research gap). ~5 trains/day each way."),
    ("akyayla_incheh_borun_rail", "ir_incheh_borun", "TM|IR", "rail",
     [("TM side: no figure -> KZ rail outbound 2022 proxy", 6.8, 185.0),
      ("IR side: no figure (Iran not in CPMM) -> UZ rail inbound 2022 proxy", 6.8, 133.0)],
     CV_RAIL, None, "", "Gauge change (1520 track now runs into Iran) is costed in transfers.csv at ir_incheh_borun."),
    ("sarahs_sarakhs_rail", "ir_sarakhs", "TM|IR", "rail",
     [("TM side: no figure -> KZ rail outbound 2022 proxy", 6.8, 185.0),
      ("IR side: no figure -> UZ rail inbound 2022 proxy", 6.8, 133.0)],
     CV_RAIL, None, "", "No recent figure (research gap). Bogie exchange costed in transfers.csv at ir_sarakhs (200 wagons/day, report.az 2022)."),
    ("farap_alat_rail", "tm_farap", "TM|UZ", "rail",
     [("TM side: no figure -> KZ rail outbound 2022 proxy", 6.8, 185.0),
      ("UZ side: UZ rail inbound 2022", 6.8, 133.0)],
     CV_RAIL, None, "", "CPMM 2020 recorded one container waiting 120 h at Farap (single sample, L) - a tail case, not used as the mean."),
    ("serhetabat_torghundi_rail", "af_torghundi", "TM|AF", "rail",
     [("TM side: no figure -> KZ rail outbound 2022 proxy", 6.8, 185.0),
      ("AF side: no rail figure -> AF road all BCPs 2020 (CPMM 2020 AF) (same customs service)", 19.5, 240.0)],
     CV_RAIL, None, "", "No CPMM figure (research gap)."),
    ("serhetabat_torghundi_road", "af_torghundi", "TM|AF", "road",
     [("TM side: no figure -> CAREC road average 2022", 9.9, 208.0),
      ("AF side: AF road all BCPs 2020", 19.5, 240.0)],
     CV_ROAD, None, "", "No CPMM figure (research gap)."),
    ("imamnazar_aqina_rail", "af_aqina", "TM|AF", "rail",
     [("TM side: no figure -> KZ rail outbound 2022 proxy", 6.8, 185.0),
      ("AF side: AF road all BCPs 2020 as proxy", 19.5, 240.0)],
     CV_RAIL, None, "", "No figure (research gap); Aqina has a small dry port."),
    ("imamnazar_aqina_road", "af_aqina", "TM|AF", "road",
     [("TM side: no figure -> CAREC road average 2022", 9.9, 208.0),
      ("AF side: AF road all BCPs 2020", 19.5, 240.0)],
     CV_ROAD, None, "", "No figure (research gap)."),
    ("islam_qala_dogharoun_road", "af_islam_qala", "AF|IR", "road",
     [("IR side: no CPMM figure (Iran is not in CAREC) -> CAREC road average 2022", 9.9, 208.0),
      ("AF side: AF road all BCPs 2020", 19.5, 240.0)],
     CV_ROAD, None, "", "No CPMM value (research gap); added with the Herat-Mashhad road."),
    ("termez_hairatan_rail", "af_hairatan", "UZ|AF", "rail",
     [("UZ side: UZ rail inbound 2022 (used for both directions)", 6.8, 133.0),
      ("AF side: AF road all BCPs 2020 as proxy", 19.5, 240.0)],
     CV_RAIL, None, "", "No CPMM value (research gap). Single-track Friendship Bridge (capacity on the link)."),
    ("termez_hairatan_road", "af_hairatan", "UZ|AF", "road",
     [("UZ side: mean of Alat(UZ) road out 3.9 / in 1.7 h 2022; fee: CAREC road average", 2.8, 208.0),
      ("AF side: AF road all BCPs 2020", 19.5, 240.0)],
     CV_ROAD, None, "", "No CPMM value (research gap)."),
    ("shamtigh_rozanak_rail", "ir_shamtigh", "IR|AF", "rail",
     [("IR side: no figure -> UZ rail inbound 2022 proxy", 6.8, 133.0),
      ("AF side: AF road all BCPs 2020 as proxy", 19.5, 240.0)],
     CV_RAIL, None, "", "Khaf-Herat line; no figure."),
    ("taftan_mirjaveh_rail", "pk_taftan", "PK|IR", "rail",
     [("PK side: no PK rail figure -> CAREC rail average 2022 (CPMM key results)", 40.6, 215.0),
      ("IR side: no figure -> UZ rail inbound 2022 proxy", 6.8, 133.0)],
     CV_RAIL, None, "", "Gauge change 1676/1435 is at Zahedan (transfers.csv), not here."),
    ("chaman_spin_boldak_road", "pk_chaman", "PK|AF", "road",
     [("PK side: Chaman outbound 2022 (CPMM 2022 PK; 57.5 h 2021, 70.7 h 2020; see Torkham/Chaman label caveat)", 54.0, 50.0),
      ("AF side: Spin Buldak 2020 (CPMM 2020 AF); fee: AF average 2020", 20.2, 240.0)],
     CV_ROAD, None, "", "Closed Oct 2025 after clashes (Dawn 2025-10-17): closures are not in the dwell."),
    ("chaman_spin_boldak_rail", "pk_chaman", "PK|AF", "rail",
     [("PK side: no rail figure -> CAREC rail average 2022", 40.6, 215.0),
      ("AF side: AF road all BCPs 2020 as proxy", 19.5, 240.0)],
     CV_RAIL, None, "", "PLANNED rail crossing of the KTAP line (link is planned)."),
    ("torkham_road", "pk_torkham", "PK|AF", "road",
     [("PK side: 'Peshawar' (Torkham) outbound 2022 (CPMM 2022 PK; 31.6 h 2021, 50.0 h 2020)", 24.2, 267.0),
      ("AF side: Torkham 2020 (CPMM 2020 AF, slowest AF BCP); fee: AF average 2020", 24.2, 240.0)],
     CV_ROAD, 1000.0, "", "CAPACITY: >1,000 loaded and empty trucks/day in 2022 (thenews.com.pk; 1,585 on 27 Feb 2022) -> ~500 per direction x 2 TEU = 1,000 TEU/day; fell to 400-500 vehicles/day after the 2024 terminal (urduread, L). Driver reports of 10-20 day queues are tail events beyond P90."),
    ("torkham_rail", "pk_torkham", "PK|AF", "rail",
     [("PK side: no rail figure -> CAREC rail average 2022", 40.6, 215.0),
      ("AF side: AF road all BCPs 2020 as proxy", 19.5, 240.0)],
     CV_RAIL, None, "", "PLANNED rail crossing (older Trans-Afghan alignment)."),
    ("kharlachi_road", "pk_kharlachi", "PK|AF", "road",
     [("PK side: no figure -> PK road all BCPs 2022 (CPMM 2022 PK)", 28.2, 238.0),
      ("AF side: AF road all BCPs 2020", 19.5, 240.0)],
     CV_ROAD, 160.0, "", "CAPACITY: ~80 trucks/day in, 60 out (100-200 on normal days; thenews.com.pk TNS) -> 80 x 2 TEU = 160 TEU/day per direction. Frequently closed (Kurram violence: 7-month and 9-day closures) - not in the dwell."),
    ("kharlachi_rail", "pk_kharlachi", "PK|AF", "rail",
     [("PK side: no rail figure -> CAREC rail average 2022", 40.6, 215.0),
      ("AF side: AF road all BCPs 2020 as proxy", 19.5, 240.0)],
     CV_RAIL, None, "", "PLANNED rail crossing of the Trans-Afghan railway (July 2023 alignment)."),
    ("khunjerab_road", "pk_khunjerab", "CN|PK", "road",
     [("PK side: Khunjerab inbound 2020 (CPMM 2022 PK table, single value, L); fee: PK road average 2022", 2.3, 238.0),
      ("CN side (Tashkurgan): no figure -> CAREC road average 2022", 9.9, 208.0)],
     CV_ROAD, None, "", "Formalities happen at Sost (PK) and Tashkurgan (CN); modelled at the pass. SEASONAL: closed to heavy vehicles 30 Nov-1 May (Wikipedia 'Khunjerab Pass') - not modelled in the dwell."),
    ("khunjerab_rail", "pk_khunjerab", "CN|PK", "rail",
     [("CN side: PRC rail all BCPs 2023 (CPMM 2023 PRC)", 14.4, 90.0),
      ("PK side: no rail figure -> CAREC rail average 2022", 40.6, 215.0)],
     CV_RAIL, None, "", "PLANNED Khunjerab railway; gauge change 1435/1676 assumed at the pass (transfers.csv)."),
    ("aktau_alat_ferry", "kz_aktau", "KZ|AZ", "ferry",
     [("KZ side: KZ rail outbound 2022", 6.8, 185.0),
      ("AZ side: no figure -> UZ rail inbound 2022 proxy", 6.8, 133.0)],
     CV_PORT, None, "", "Formalities only; port cycle and waiting for a sailing are in transfers.csv."),
    ("kuryk_alat_ferry", "kz_kuryk", "KZ|AZ", "ferry",
     [("KZ side: KZ rail outbound 2022", 6.8, 185.0),
      ("AZ side: no figure -> UZ rail inbound 2022 proxy", 6.8, 133.0)],
     CV_PORT, None, "", "Formalities only; CPMM 2020 listed Kuryk among long-delay road BCPs (no hours). Port cycle 6-12 h and waiting for a sailing are in transfers.csv."),
    ("turkmenbashi_alat_ferry", "tm_turkmenbashi", "TM|AZ", "ferry",
     [("TM side: no figure -> KZ rail outbound 2022 proxy", 6.8, 185.0),
      ("AZ side: no figure -> UZ rail inbound 2022 proxy", 6.8, 133.0)],
     CV_PORT, None, "", "Formalities only; waiting for a sailing is in transfers.csv."),
    ("boyuk_kasik_gardabani_rail", "az_boyuk_kasik", "AZ|GE", "rail",
     [("AZ side: no figure -> KZ rail outbound 2022 proxy", 6.8, 185.0),
      ("GE side: no figure -> UZ rail inbound 2022 proxy", 6.8, 133.0)],
     CV_RAIL, None, "", "1520/1520 crossing; no figure."),
    ("akhalkalaki_kars_rail", "tr_kars", "GE|TR", "rail",
     [("GE side: no figure -> KZ rail outbound 2022 proxy", 6.8, 185.0),
      ("TR side: no figure -> UZ rail inbound 2022 proxy", 6.8, 133.0)],
     CV_RAIL, None, "", "BTK border at km 76 from Kars; modelled at Kars. Gauge change is at Akhalkalaki (transfers.csv)."),
    ("astara_rail", "ir_astara", "IR|AZ", "rail",
     [("IR side: no figure -> UZ rail inbound 2022 proxy", 6.8, 133.0),
      ("AZ side: no figure -> KZ rail outbound 2022 proxy", 6.8, 185.0)],
     CV_RAIL, None, "", "INSTC west; Iranian line Rasht-Astara not built (Tehran-Astara under construction)."),
    ("razi_kapikoy_rail", "tr_erzurum", "IR|TR", "rail",
     [("IR side: no figure -> UZ rail inbound 2022 proxy", 6.8, 133.0),
      ("TR side: no figure -> KZ rail outbound 2022 proxy", 6.8, 185.0)],
     CV_RAIL, None, "", "Razi-Kapıköy crossing; the research link is an aggregate Tehran-Erzurum (with the Lake Van ferry), so the crossing is modelled at Erzurum."),
    ("petropavl_petukhovo_rail", "kz_petropavl", "KZ|RU", "rail",
     [("KZ side: KZ rail outbound 2022 (only figure; EAEU customs union, no customs at the KZ-RU border)", 6.8, 185.0)],
     CV_RAIL, None, "", "ESTIMATE: one side only because KZ and RU are in the EAEU customs union (handover of trains, transit documents)."),
    ("ru_by_union_rail", "by_minsk", "RU|BY", "rail",
     [("ESTIMATE: Union State border without controls; nominal 1 h for documents/interchange", 1.0, 0.0)],
     CV_RAIL, None, "", "Modelled at Minsk, the first Belarusian node."),
    ("brest_terespol_rail", "by_brest", "BY|PL", "rail",
     [("both sides: no figure -> CAREC rail average 2022 for the whole crossing", 40.6, 215.0),
      ("second side fee: CAREC rail average 2022", None, 215.0)],
     CV_RAIL, None, "", "EU external border; gauge change at Brest or Małaszewicze is in transfers.csv."),
    ("constanta_sea", "ro_constanta", "GE|RO", "sea",
     [("port dwell norm 3-4 days in European/Asian ports (Raballand et al., World Bank 2012) -> 3.5 d", 84.0, None),
      ("fee: no figure -> CAREC road average 2022 per container (estimate)", None, 208.0)],
     CV_PORT, None, "", "Customs/port dwell for an international sea leg (export + import), kept separate from vessel handling (transfers.csv)."),
    ("karachi_sea_ir", "pk_karachi", "PK|IR", "sea",
     [("port dwell norm 3-4 days (Raballand et al., World Bank 2012) -> 3.5 d", 84.0, None),
      ("fee: no figure -> CAREC road average 2022 per container (estimate)", None, 208.0)],
     CV_PORT, None, "", "Covers the Bandar Abbas-Karachi and Chabahar-Karachi sea legs."),
    ("mumbai_sea_ir", "in_mumbai", "IN|IR", "sea",
     [("port dwell norm 3-4 days (Raballand et al., World Bank 2012) -> 3.5 d", 84.0, None),
      ("fee: no figure -> CAREC road average 2022 per container (estimate)", None, 208.0)],
     CV_PORT, None, "", "Covers the INSTC sea legs Bandar Abbas-Mumbai and Chabahar-Mumbai."),
]

# gauge-change split (rail crossings whose CPMM time includes the gauge change)
DOSTYK_T = (4.25, 12.0)
KHORGOS_T = (1.0, 5.0)


def build_crossings() -> list[dict]:
    rows = []
    for (cid, node, cc, modes, parts, cv, cap, split, extra) in CROSSINGS:
        mean = sum(p[1] for p in parts if p[1] is not None)
        fee_ship = sum(p[2] for p in parts if p[2] is not None)
        t_parts = [f"{p[0]} [{p[1]} h]" for p in parts if p[1] is not None]
        f_parts = [f"{p[0]} [US${fmt(p[2], 0)}]" for p in parts if p[2] is not None]
        note = "TIME = " + " + ".join(t_parts) + f" => mean {fmt(mean, 1)} h."
        if split:
            t = DOSTYK_T if split == "gauge" else KHORGOS_T
            tmean = lognormal_mean(*t)
            mean -= tmean
            note += (f" CPMM rail border times include the gauge change: minus the mean of the "
                     f"transfers.csv gauge-change row at this crossing (median {t[0]} h, P90 {t[1]} h -> "
                     f"lognormal mean {tmean:.1f} h) => {mean:.1f} h at the border.")
        med, p90, sigma = lognormal_from_mean(mean, cv)
        note += (f" DWELL: lognormal with that mean and shipment-level CV {cv} (the CPMM year-to-year "
                 f"CV of annual means is 0.38 rail / 0.53 road; shipments spread more): median = mean/"
                 f"sqrt(1+CV^2) = {med:.1f} h; sigma = sqrt(ln(1+CV^2)) = {sigma:.3f}; P90 = median x "
                 f"exp(1.2816 sigma) = {p90:.1f} h.")
        fee = fee_ship / TEU_PER_SHIPMENT
        note += (" FEE = " + " + ".join(f_parts) + f" => US${fmt(fee_ship, 0)} per shipment (CPMM cost = fees + informal payments per "
                 f"truck or wagon) / 2 TEU per truck or wagon = US${fmt(fee, 1)}/TEU.")
        if extra:
            note += " " + extra
        est = any("proxy" in p[0] or "no figure" in p[0] or "ESTIMATE" in p[0] for p in parts)
        source = CPMM + " 2020-2023 country chapters and key results (as quoted in corridor-facts.md §3)"
        if cid in ("constanta_sea", "karachi_sea_ir", "mumbai_sea_ir"):
            source = ("Raballand, Refas, Beuran & Isik, Why Does Cargo Spend Weeks in Sub-Saharan "
                      "African Ports?, World Bank 2012 (3-4 day norm); fee ESTIMATE")
        if est:
            source = "ESTIMATE from proxies - " + source
        rows.append(dict(id=cid, node=node, countries=cc, modes=modes,
                         dwell_median_h=fmt(med, 1), dwell_p90_h=fmt(p90, 1),
                         fee_usd_teu=fmt(fee, 1), capacity_teu_day=fmt(cap, 0) if cap else None,
                         source=source, notes=note))
    return rows


# transfers --------------------------------------------------------------------------------
GC_COST = 329.0 / TEU_PER_SHIPMENT  # US$329 per gauge-change operation (CPMM 2020) / 2 TEU


def wait_half(headway_h: float) -> tuple[float, float, str]:
    """Half of an exponential wait with mean = headway (ships sail when full).

    Returns median and P90 of the half-wait charged at one port, and a note.
    """
    m = headway_h / 2
    return m * math.log(2), m * math.log(10), (
        f"wait for a sailing ~ exponential with mean = headway {headway_h:.1f} h (irregular "
        f"'sail when full' departures); half of it is charged at each of the two ports because a "
        f"transfer row applies in both directions: mean {m:.1f} h, median {m*math.log(2):.1f} h, "
        f"P90 {m*math.log(10):.1f} h")


def build_transfers() -> list[dict]:
    rows = []
    gc_src = "CPMM 2020 rail chapter (Dostyk US$329 per gauge-change operation); silkroadnews.org (Dostyk 4 h 15 min); astanatimes.com 2021/2026 (Khorgos Gateway)"

    def add(node, a, b, med, p90, cost, src, notes, cap=None):
        rows.append(dict(node=node, **{"from": a, "to": b}, time_median_h=fmt(med, 2),
                         time_p90_h=fmt(p90, 2), cost_usd_teu=fmt(cost, 1),
                         capacity_teu_day=fmt(cap, 0) if cap else None, source=src, notes=notes))

    gc_note = (f"DEFAULT gauge change (transshipment or bogie exchange): median 4 h (between Khorgos "
               f"Gateway crane reload ~1 h and Dostyk train processing 4.25 h), P90 12 h (assumption: 3x "
               f"median; Jike Logistics reported multi-day reloading at Alashankou/Khorgos in congested "
               f"weeks, L). Cost US$329 per operation (CPMM 2020, Dostyk) / 2 TEU per wagon = US${GC_COST:.1f}"
               f"/TEU; kept separate from the crossing fee (CPMM reports it as its own indicator).")
    add("*", "rail:1520", "rail:1435", 4, 12, GC_COST, gc_src, gc_note)
    add("*", "rail:1520", "rail:1676", 4, 12, GC_COST, "ESTIMATE: no 1520/1676 interface exists; "
        "values of the 1520/1435 default (" + gc_src + ")",
        "No published figure: same as the 1520/1435 default (container transshipment). "
        "Used at the planned KTAP/Trans-Afghan breaks (Spin Boldak, Kharlachi, Torkham).")
    add("*", "rail:1435", "rail:1676", 4, 12, GC_COST, "ESTIMATE: values of the 1520/1435 default ("
        + gc_src + ")", "No published figure (Zahedan, Khunjerab): same as the 1520/1435 default.")
    lift = GC_COST
    add("*", "rail", "road", 6, 24, lift, "ESTIMATE (no published intermodal lift tariff for the region)",
        f"One container lift between wagon and truck at a terminal: cost taken equal to one gauge-change "
        f"transshipment (US${lift:.1f}/TEU, same crane work); median 6 h, P90 24 h (assumption: same-day "
        f"transfer, next-day in the tail).")
    add("*", "rail", "ferry", 9, 24, lift / 2, "astanatimes.com 2021-08 (Kuryk full cycle 6-8 h single-deck, "
        "10-12 h two-deck); cost ESTIMATE",
        f"Port handling for rail ferries: median 9 h = middle of the 6-12 h Kuryk ferry cycle; P90 24 h "
        f"(assumption). Wagons roll on, no container lift: cost ESTIMATE = half a lift (US${lift/2:.1f}/TEU). "
        f"Ports with a sailing frequency have node rows that add the wait for a sailing.")
    add("*", "road", "ferry", 6, 24, lift / 2, "ESTIMATE (Ro-Ro: trucks drive on)",
        f"Median 6 h, P90 24 h (assumption); cost half a lift (US${lift/2:.1f}/TEU).")
    add("*", "rail", "sea", 12, 48, lift, "ESTIMATE (no terminal handling charge found for the ports in the model)",
        f"Vessel handling/port handling (container lift ship<->wagon); median 12 h, P90 48 h (assumption: "
        f"Mombasa berth waiting 4-12 h, ttcanc.org 2019); cost = one lift US${lift:.1f}/TEU (estimate). "
        f"Customs/port dwell of international sea legs is in crossings.csv, not here.")
    add("*", "road", "sea", 12, 48, lift, "ESTIMATE (no terminal handling charge found for the ports in the model)",
        f"As rail<->sea: median 12 h, P90 48 h, one lift US${lift:.1f}/TEU (estimate).")

    # node rows: gauge change plants
    add("kz_dostyk", "rail:1520", "rail:1435", 4.25, 12, GC_COST,
        "silkroadnews.org (train processing cut from 9 h to 4 h 15 min, 2016); index1520.com (760 TEU/day "
        "container transshipment); CPMM 2020 (US$329/operation)",
        f"Median = published train processing time 4.25 h; P90 12 h (assumption, 3x). Cost US$329/2 TEU. "
        f"Capacity 760 TEU/day container transshipment (bogie exchange for 42 bogie types comes on top). "
        f"The CPMM Dostyk/Alashankou rail border time includes this; crossings.csv subtracts its mean "
        f"({lognormal_mean(4.25, 12):.1f} h).", 760)
    add("cn_alashankou", "rail:1435", "rail:1520", 4.25, 12, GC_COST,
        "Wikipedia 'Dostyk' (both Dostyk and Alashankou have gauge-change plants); values of Dostyk (see kz_dostyk row)",
        "No Alashankou-specific figures: Dostyk values. After the second Jinghe-Alashankou track broad-gauge "
        "station capacity rose 30 % (people.cn 2025-07-29).")
    add("kz_altynkol", "rail:1520", "rail:1435", 1.0, 5.0, GC_COST,
        "astanatimes.com 2026-02-06 (Khorgos Gateway: average container handling cut from 5 h to 1 h; 372,000 "
        "TEU in 2025); astanatimes.com 2021 (train reload 55 min); CPMM 2020 cost",
        f"Median 1 h (2025 average handling), P90 5 h (the pre-2025 average, as a bad case). Capacity = "
        f"372,000 TEU handled in 2025 / 365 = 1,019 TEU/day (demonstrated, both directions). crossings.csv "
        f"subtracts the mean ({lognormal_mean(1, 5):.1f} h) from the CPMM Horgos rail time.", 372000 / 365)
    add("cn_khorgos", "rail:1435", "rail:1520", 4, 12, GC_COST, gc_src,
        "Khorgos (CN) side; no specific figure: default values.")
    add("ir_sarakhs", "rail:1520", "rail:1435", 4, 12, GC_COST,
        "report.az 2022 (Sarakhs 200 wagons/day after reopening, 'possible 400'); railwaygazette.com 2005 "
        "(bogie exchange 80 -> 160 wagons/day); time/cost: defaults",
        "Bogie exchange; no time or price published: default values. Capacity 200 wagons/day x 2 TEU = 400 TEU/day.",
        400)
    add("ir_incheh_borun", "rail:1520", "rail:1435", 4, 12, GC_COST,
        "theiranproject.ir (IRNA) 2022-11-21 (loading/unloading 40-65 wagons/day, record); rameuic.com news 375",
        "1520 track now runs ~8 km into Iran (2021), so the change is here, inside Iran. Time/cost: defaults. "
        "Capacity 65 wagons/day (record) x 2 TEU = 130 TEU/day.", 130)
    add("ge_akhalkalaki", "rail:1520", "rail:1435", 4, 12, GC_COST,
        "railwaymagazine.co.uk; Wikipedia 'Baku–Tbilisi–Kars railway' (freight containers transshipped or bogies changed)",
        "BTK break of gauge; no time or price published: default values.")
    add("ir_zahedan", "rail:1435", "rail:1676", 4, 12, GC_COST,
        "Wikipedia (de) 'Bahnstrecke Zahedan–Quetta' (PR broad gauge to Zahedan); values: defaults (ESTIMATE)",
        "Break of gauge Iran 1435 / Pakistan 1676; no figures.")
    add("ir_astara", "rail:1520", "rail:1435", 4, 12, GC_COST,
        "research links (1520 from Baku, 1435 Tehran-Astara under construction); values: defaults (ESTIMATE)",
        "INSTC west break of gauge; usable once Rasht-Astara is built.")
    add("af_herat", "rail:1520", "rail:1435", 4, 12, GC_COST,
        "railwaygazette.com (Torghundi-Herat 1520 to meet the 1435 Khaf-Herat line in Herat); values: defaults (ESTIMATE)",
        "FUTURE break of gauge (both lines planned/under construction).")
    add("af_spin_boldak", "rail:1520", "rail:1676", 4, 12, GC_COST,
        "research links (KTAP Afghan sections 1520 assumed; Spin Boldak-Chaman 1676); values: defaults (ESTIMATE)",
        "PLANNED KTAP break of gauge 1520/1676 (Spin Boldak/Chaman).")
    add("pk_kharlachi", "rail:1520", "rail:1676", 4, 12, GC_COST,
        "research links (Trans-Afghan 1520 to Kharlachi, 1676 onward to Kohat); values: defaults (ESTIMATE)",
        "PLANNED Trans-Afghan break of gauge (July 2023 alignment).")
    add("pk_torkham", "rail:1520", "rail:1676", 4, 12, GC_COST,
        "research links (older Trans-Afghan alignment); values: defaults (ESTIMATE)",
        "PLANNED break of gauge of the older Jalalabad-Torkham-Peshawar alignment.")
    add("pk_khunjerab", "rail:1435", "rail:1676", 4, 12, GC_COST,
        "ASSUMED break of the planned Khunjerab railway; values: defaults (ESTIMATE)",
        "PLANNED; gauges of the Khunjerab railway are assumptions (1435 CN side, 1676 PK side).")
    add("by_brest", "rail:1520", "rail:1435", 4, 12, GC_COST,
        "Wikipedia 'Brest, Belarus' (freight transloaded between gauges at Brest); values: defaults",
        "China-Europe northern route break of gauge (BY side).")
    add("pl_malaszewicze", "rail:1520", "rail:1435", 4, 12, GC_COST,
        "index1520.com 2020-07-08 (broad-gauge capacity 14 pairs of trains/day); values: defaults",
        "Main EU transshipment area. Capacity 14 trains/day per direction x 90 TEU = 1,260 TEU/day.", 1260)

    # ferry ports: cycle + half the wait for a sailing
    def ferry_port(node, headway, src, why, cost, cyc=(9.0, 12.0), cap=None, extra=""):
        wm, wp, wnote = wait_half(headway)
        add(node, "rail", "ferry", cyc[0] + wm, cyc[1] + wp, cost, src,
            f"{why} Port cycle median {cyc[0]} h / P90 {cyc[1]} h (Kuryk 6-12 h full cycle, astanatimes "
            f"2021) plus {wnote}. Median = {cyc[0]} + {wm:.1f}; P90 = {cyc[1]} + {wp:.1f} (sum of P90s, "
            f"conservative).{extra}", cap)

    kuryk_headway = 7 * 24 / (14 * 210 / 453)
    ferry_port("kz_kuryk", kuryk_headway,
               "azerbaycan24/silkwaytv (KTZ) Nov 2023 (~600 calls Jan-Oct 2023); qazaqtv 2018 (453 calls, "
               "210 rail ferries); astanatimes 2021-08 (cycle 6-12 h; rail berth 4.1 mt/yr)",
               f"Sailings: ~14 ferry calls/week (2023) x 210/453 rail-ferry share (2018) = {14*210/453:.1f} "
               f"rail-ferry calls/week -> headway {kuryk_headway:.1f} h.", lift / 2,
               cap=4.1e6 / 365 / 10,
               extra=" Capacity: rail berth 4.1 mt/yr / 365 / 10 t per TEU = 1,123 TEU/day.")
    ferry_port("az_alat", kuryk_headway,
               "as kz_kuryk (Kuryk line, the busiest rail-ferry line); trend.az (ASCO fleet)",
               "Alat serves the Kuryk, Aktau and Turkmenbashi lines; the Kuryk line headway is used.", lift / 2)
    aktau_headway = 7 * 24 / (89000 / 225 / 52)
    ferry_port("kz_aktau", aktau_headway,
               "sia.az 2025 (~89,000 TEU/yr Aktau->Alat on 6 feeders); uic.org e-news 644 (225 TEU feeders)",
               f"Container feeders: 89,000 TEU / 225 TEU per ship / 52 = {89000/225/52:.1f} sailings/week -> "
               f"headway {aktau_headway:.1f} h. Containers are lifted: cost one lift.", lift)
    tm_headway = 7 * 24 / 10
    ferry_port("tm_turkmenbashi", tm_headway,
               "newscentralasia.net 2023-06-19 (Jan-May 2023: 213 vessels from Baku, 214 sent -> ~10/week each way)",
               f"~10 sailings/week each way -> headway {tm_headway:.1f} h.", lift / 2)
    return rows


# parameters --------------------------------------------------------------------------------
def build_parameters() -> list[dict]:
    rows = []

    def p(mode, cc, name, value, unit, src, notes=""):
        rows.append(dict(mode=mode, country=cc, name=name, value=value, unit=unit, source=src, notes=notes))

    kz_ratio = 33.3 / 57.9
    p("rail", "*", "speed_kmh", 33.3, "km/h", "inform.kz (KTZ service speed 800 km/day)",
      "Commercial speed = 800 km/day / 24 h = 33.3 km/h: includes normal en-route stops (crew and "
      "locomotive changes, meets on single track) but not border dwell or gauge change (those are in "
      "crossings/transfers). CPMM 'speed without delay' (CAREC 53.9, KZ 57.9 km/h) excludes those stops, "
      "so it is not used directly. Default for all countries without their own row.")
    p("rail", "CN", "speed_kmh", round(80.2 * kz_ratio, 1), "km/h",
      "DERIVED from CPMM 2023 PRC (rail speed without delay 80.2 km/h) and KTZ/CPMM KZ",
      f"80.2 x (33.3 / 57.9) = {80.2*kz_ratio:.1f} km/h: the KZ ratio of service speed to CPMM "
      f"speed-without-delay applied to China.")
    p("rail", "UZ", "speed_kmh", 13.1, "km/h", "CPMM 2022 Uzbekistan chapter (rail speed without delay 13.1, with delay 11.9 km/h)",
      "Published as measured; low but it is the only UZ figure. Makes Uzbek rail legs slow.")
    p("rail", "PK", "speed_kmh", round(1218 / 38, 1), "km/h",
      "DERIVED: pakistanlink.org (APP) 2014 (Cargo Express Karachi-Lahore expected running time 38 h); ML-1 km posts (Karachi City 5, Lahore Jn 1223)",
      "1,218 km / 38 h = 32.1 km/h (dated, L). Freight trains run at up to 80 km/h (PR 2015).")
    p("road", "*", "speed_kmh", 42.0, "km/h", "CPMM 2022 key results (CAREC road speed without delay 42.0 km/h; 23.4 with delay)",
      "Speed without delay: driving time incl. normal stops but excluding border and checkpoint delays, "
      "which the model adds at crossings.")
    p("road", "KZ", "speed_kmh", 51.1, "km/h", "CPMM 2022 Kazakhstan (TFI table: 51.1 without delay; text swaps it with 31.2)", "")
    p("road", "UZ", "speed_kmh", 45.6, "km/h", "CPMM 2022 Uzbekistan (45.6 without delay / 29.6 with)", "")
    p("road", "PK", "speed_kmh", 24.8, "km/h", "CPMM 2023 Pakistan (24.8 without delay / 11.4 with)", "")
    p("road", "AF", "speed_kmh", 33.7, "km/h", "CPMM 2020 Afghanistan (33.7 without delay / 12.4 with; lowest in CAREC)", "")
    p("sea", "*", "speed_kmh", 25.9, "km/h", "ESTIMATE: 14 knots x 1.852 (typical feeder service speed; no source found)",
      "Feeder container ships in the Gulf/Arabian Sea; port time is in transfers/crossings.")
    p("ferry", "*", "speed_kmh", round(399 / 18, 1), "km/h",
      "DERIVED: sudohodstvo.org (Baku-Kuryk 18 h) and the 399 km Kuryk-Alat link",
      "399 km / 18 h = 22.2 km/h; the three Caspian links carry their own speed.")
    # tariffs: CPMM TFI3 US$ per 500 km per 20 t -> per TEU-km with 10 t/TEU
    def tfi(mode, cc, usd, year, chapter):
        v = round(usd / (500 * 20) * 10, 3)
        p(mode, cc, "tariff_usd_teu_km", v, "USD/TEU-km",
          f"DERIVED from CPMM {year} {chapter} (TFI3: US${usd:,} to move 20 t over 500 km)",
          f"US${usd} / (500 km x 20 t) = US${usd/10000:.4f}/t-km x 10 t per TEU (IMO) = US${v}/TEU-km.")
    tfi("rail", "*", 804, 2022, "key results (CAREC average)")
    tfi("rail", "KZ", 883, 2022, "Kazakhstan")
    tfi("rail", "UZ", 635, 2022, "Uzbekistan")
    tfi("rail", "CN", 612, 2023, "PRC")
    tfi("road", "*", 945, 2022, "key results (CAREC average)")
    tfi("road", "KZ", 1493, 2022, "Kazakhstan")
    tfi("road", "UZ", 687, 2022, "Uzbekistan")
    tfi("road", "PK", 569, 2023, "Pakistan")
    tfi("road", "CN", 2042, 2023, "PRC")
    p("sea", "*", "tariff_usd_teu_km", 0.2, "USD/TEU-km",
      "ESTIMATE from Drewry WCI Shanghai-Rotterdam peak 2024 US$7,961/FEU (searates.com, M)",
      "7,961 / 2 TEU / ~20,000 km (Asia-North Europe routing, not sourced) = 0.20 USD/TEU-km; short regional "
      "feeder legs usually cost more per km and normal-period rates are lower - a placeholder. Port "
      "handling is in transfers.csv.")
    p("ferry", "*", "tariff_usd_teu_km", 0.945, "USD/TEU-km",
      "ESTIMATE: no Caspian freight tariff found (TITR tariffs unpublished, research gap)",
      "Placeholder = CAREC road line-haul rate (CPMM 2022 TFI3 US$945) -> 0.945 USD/TEU-km, i.e. ~US$380-480 "
      "per TEU for a Caspian crossing of 399-508 km.")
    # emissions
    p("road", "*", "co2e_g_tkm", 123, "g CO2e/t-km",
      "DERIVED: GLEC Framework v3.1 Table 8 (artic truck 34-40 t, Europe, WTW 101) x 1.22 (GLEC uplift for Asia except China)",
      "101 x 1.22 = 123 g WTW (M: third-party OCR of GLEC tables).")
    p("road", "CN", "co2e_g_tkm", 80.86, "g CO2e/t-km",
      "GLEC v3.1 Table 12 (China Default GHG Emission Values v1.0 2024: articulated HDV 35-40 t diesel, WTW)", "")
    p("rail", "*", "co2e_g_tkm", 34.7, "g CO2e/t-km",
      "DERIVED: UK DESNZ 2025 'Rail - Freight train' TTW 27.79 + WTT 6.91 = 34.70 g WTW (diesel-rail proxy)",
      "GLEC rail defaults not found. Used for all 1520/1676/1435 networks except China: Kazakhstan is "
      "partly electric but its grid is coal-heavy - electric rail at 900 g/kWh gives ~29 g/t-km "
      "(EcoTransIT 32.2 Wh/Ntkm), close to the diesel proxy; TM/AF/PK/IR freight is diesel.")
    p("rail", "CN", "co2e_g_tkm", 19.0, "g CO2e/t-km",
      "DERIVED: EcoTransIT (2010) 32.2 Wh/net t-km (average electric train) x China grid 0.551 kg/kWh (L) x 1.075 losses",
      "32.2 x 0.551 = 17.7 g; + 7.5 % transmission/catenary losses (5-10 %, unsourced) = 19.0 g WTW; "
      "China's main freight lines are electrified.")
    p("sea", "*", "co2e_g_tkm", 39.9, "g CO2e/t-km",
      "UK DESNZ 2025 'Container ship 1,000-1,999 TEU': TTW 32.50 + WTT 7.37 = 39.9 g WTW",
      "Regional feeder class: Gulf/Arabian Sea services use ~1,100 TEU ships (informare.it 2003); the "
      "DESNZ all-ship average (19.8 g) fits deep-sea mainliners, not these legs.")
    p("ferry", "*", "co2e_g_tkm", 75, "g CO2e/t-km",
      "UK DESNZ 2025 'RoRo-Ferry 0-1,999 lane-metres': TTW 61.05 + WTT 13.84 = 74.9 g WTW",
      "Caspian rail/Ro-Ro ferries carry wagons, not passengers; GLEC RoPax 10-20 kGT MDO 124.8 g WTW is an upper case.")
    p("*", "*", "payload_t_teu", 10, "t/TEU", "IMO guidance on operational indicators (MEPC circular): 10 t per loaded TEU",
      "Also the GLEC/ISO 14083 default used by Searoutes.")
    p("*", "*", "value_of_time_usd_teu_h", 25, "USD/TEU-h",
      "DERIVED: Hummels & Schaur, AER 2013 (0.6-2.1 % ad valorem per day) x Rodrigue (US$54,500 per TEU, 2020)",
      "Range US$330-1,140 per TEU-day; chosen 1.1 %/day x 54,500 = US$600/TEU-day / 24 = US$25/TEU-h "
      "(near the geometric middle of the range; time-sensitive parts would be at the top).")
    p("*", "*", "carbon_price_usd_t", 72, "USD/t CO2e",
      "Veyt '2024 Year in Review EU ETS' (average EUA price 2024 EUR 67/t)",
      "EUR 67 x ~1.08 USD/EUR (2024 average exchange rate, approximate, not re-checked) = US$72/t. A market "
      "price, not a social cost of carbon.")
    return rows


# corridors ---------------------------------------------------------------------------------
CORRIDORS = [
    ("ktap", "KTAP railway (Kazakhstan-Turkmenistan-Afghanistan-Pakistan)",
     "kz_almaty|kz_bolashak|tm_serhetyaka|tm_serhetabat|af_torghundi|af_herat|af_kandahar|af_spin_boldak|pk_chaman|pk_quetta|pk_karachi",
     "rail", "true",
     "North-South railway via Bolashak/Serhetyaka, Mary-Serhetabat, planned Torghundi-Herat-Kandahar-Spin Boldak (1520 assumed), "
     "break of gauge at Spin Boldak, Pakistan Railways ML-3/ML-1 to Karachi.",
     "corridor-facts.md §2.2-2.3 (railwaygazette.com; news.az 2025; tass.com)"),
    ("trans_afghan", "Trans-Afghan railway (July 2023 alignment, via Kharlachi)",
     "uz_tashkent|uz_termez|af_hairatan|af_naibabad|af_maidanshahr|af_logar|pk_kharlachi|pk_kohat|pk_rawalpindi|pk_karachi",
     "rail", "true",
     "Termez-Hairatan-Naibabad (existing) then the planned Naibabad-Maidan Shahr-Logar-Kharlachi line (1520), gauge break at "
     "Kharlachi, Kohat and ML-1 to Karachi.",
     "corridor-facts.md §2.4 (astanatimes.com 2025-07; thenews.com.pk)"),
    ("trans_afghan_torkham", "Trans-Afghan railway, older Kabul-Jalalabad-Torkham-Peshawar alignment",
     "uz_termez|af_hairatan|af_naibabad|af_maidanshahr|af_kabul|af_jalalabad|pk_torkham|pk_peshawar",
     "rail", "true",
     "The pre-2023 idea (Mazar-Kabul-Jalalabad-Torkham-Peshawar), superseded by the Kharlachi alignment; break of gauge at Torkham.",
     "corridor-facts-links.csv notes (earlier alignment, superseded 2023)"),
    ("afghan_truck_torkham", "Truck route Central Asia-Afghanistan-Torkham-Karachi",
     "kz_almaty|uz_tashkent|uz_termez|af_hairatan|af_mazar|af_pulikhumri|af_kabul|af_jalalabad|pk_torkham|pk_peshawar|pk_karachi",
     "road", "false",
     "Today's road route: Friendship Bridge, Salang, Kabul, Torkham, Pakistani motorways to Karachi.",
     "corridor-facts.md §3.2; CPMM Torkham case study (?p=489)"),
    ("chaman_road", "Chaman road (Herat-Kandahar-Spin Boldak-Chaman-Quetta-Karachi)",
     "tm_serhetabat|af_torghundi|af_herat|af_kandahar|af_spin_boldak|pk_chaman|pk_quetta|pk_karachi",
     "road", "false",
     "Ring Road south through Herat and Kandahar, Wesh-Chaman crossing, N-25 via Quetta to Karachi.",
     "corridor-facts.md §3.2; NHA N-25"),
    ("cpec_khunjerab", "CPEC road over the Khunjerab Pass",
     "cn_kashgar|pk_khunjerab|pk_sost|pk_islamabad|pk_lahore|pk_karachi", "road", "false",
     "Karakoram Highway from Kashgar over the 4,693 m pass to Sost, Islamabad and the motorways to Karachi; seasonal closure in winter.",
     "corridor-facts.md §2.9 (Wikipedia 'Khunjerab Pass')"),
    ("cpec_khunjerab_rail", "Planned Khunjerab railway (ML-5)",
     "cn_kashgar|pk_khunjerab|pk_havelian|pk_rawalpindi|pk_karachi", "rail", "true",
     "2009 feasibility-study line Kashgar-Havelian (gauges assumed), then ML-1.",
     "corridor-facts.md §2.9"),
    ("china_kz_dostyk", "China-Kazakhstan rail gateway Alashankou/Dostyk",
     "cn_urumqi|cn_alashankou|kz_dostyk|kz_aktogay|kz_almaty", "rail", "false",
     "Northern Xinjiang railway to Alashankou, gauge change Dostyk/Alashankou, Turksib to Almaty.",
     "corridor-facts.md §3.2, corridor-facts-2.md §2.2"),
    ("china_kz_altynkol", "China-Kazakhstan rail gateway Khorgos/Altynkol",
     "cn_urumqi|cn_khorgos|kz_altynkol|kz_zhetygen|kz_almaty", "rail", "false",
     "Jinghe-Khorgos line, Khorgos Gateway at Altynkol, Zhetygen-Altynkol line to Almaty.",
     "corridor-facts.md §2.10; corridor-facts-2.md §2.2"),
    ("china_kz_road_khorgos", "China-Kazakhstan road gateway Khorgos/Nur Zholy",
     "cn_khorgos|kz_zharkent|kz_almaty", "road", "false",
     "Road crossing Horgos-Nur Zholy (transloading into Kazakh trucks) and the road to Almaty.",
     "CPMM 2020-2023 PRC chapters"),
    ("instc_bandar_abbas", "North-South corridor via Turkmenistan and Iran to Bandar Abbas, sea to Karachi",
     "kz_almaty|kz_bolashak|tm_akyayla|ir_incheh_borun|ir_bandar_abbas|pk_karachi", "rail|sea", "false",
     "Kazakhstan-Turkmenistan-Iran railway (gauge change at Incheh Borun), Iranian network to Bandar Abbas, feeder to Karachi.",
     "corridor-facts.md §2.3, §2.7; sea leg estimated"),
    ("instc_sarakhs", "Central Asia-Iran via Sarakhs to Bandar Abbas, sea to Karachi",
     "uz_tashkent|tm_farap|tm_sarahs|ir_sarakhs|ir_mashhad|ir_bandar_abbas|pk_karachi", "rail|sea", "false",
     "Uzbekistan-Turkmenistan-Sarakhs (bogie exchange)-Mashhad-Bafq-Bandar Abbas, feeder to Karachi.",
     "corridor-facts.md §2.7"),
    ("instc_chabahar", "North-South corridor to Chabahar, sea to Karachi",
     "kz_almaty|kz_bolashak|tm_sarahs|ir_sarakhs|ir_mashhad|ir_bafq|ir_zahedan|ir_chabahar|pk_karachi", "rail|sea", "true",
     "Via Sarakhs, Mashhad, Bafq, Kerman, Zahedan and the Zahedan-Chabahar line (under construction), sea leg to Karachi.",
     "corridor-facts.md §2.7 (en.irna.ir; trend.az 2025-11-05)"),
    ("pk_iran_rail_taftan", "Pakistan-Iran rail via Taftan/Zahedan to Central Asia",
     "pk_karachi|pk_rohri|pk_spezand|pk_taftan|ir_zahedan|ir_mashhad|ir_sarakhs|tm_sarahs|kz_bolashak|kz_almaty", "rail", "false",
     "Existing all-rail path Karachi-Quetta-Taftan-Zahedan (1676/1435 break), Iranian network to Sarakhs (1435/1520 break) and north.",
     "corridor-facts.md §2.2, §2.7"),
    ("middle_corridor", "Middle Corridor (TITR) to Turkey",
     "cn_xian|cn_khorgos|kz_altynkol|kz_kuryk|az_alat|az_baku|ge_tbilisi|ge_akhalkalaki|tr_kars|tr_istanbul", "rail|ferry", "false",
     "China-Khorgos-Kazakhstan-Kuryk, Caspian rail ferry to Alat, Baku-Tbilisi-Kars (gauge change Akhalkalaki) to Istanbul.",
     "corridor-facts.md §2.10; World Bank 2023"),
    ("middle_corridor_black_sea", "Middle Corridor via Aktau and Poti to Constanța",
     "cn_xian|cn_khorgos|kz_altynkol|kz_aktau|az_alat|ge_tbilisi|ge_poti|ro_constanta", "rail|ferry|sea", "false",
     "Aktau container feeders to Alat, Georgian railway to Poti, Black Sea to Constanța.",
     "corridor-facts.md §2.10; navisgroup 2025"),
    ("china_europe_north", "China-Europe northern route via Kazakhstan, Russia, Belarus and Poland",
     "cn_xian|cn_alashankou|kz_dostyk|kz_moyinty|kz_astana|kz_petropavl|ru_kurgan|ru_moscow|by_minsk|by_brest|pl_malaszewicze|pl_warsaw",
     "rail", "false",
     "Dostyk-Moyinty-Astana-Petropavl, Trans-Siberian southern route to Moscow, Moscow-Brest, gauge change at Brest/Małaszewicze.",
     "corridor-facts.md §4.2 (index1520.com; dsv.com); Russian/Belarusian/Polish lengths partly estimated (docs/data.md)"),
]


def build_corridors() -> list[dict]:
    return [dict(id=c[0], name=c[1], waypoints=c[2], modes=c[3], include_planned=c[4],
                 description=c[5], source=c[6]) for c in CORRIDORS]


def main() -> None:
    nodes, coords = build_nodes()
    links = build_links(coords)
    write_csv("nodes.csv", ["id", "name", "country", "lat", "lon", "kind", "aliases", "source", "notes"], nodes)
    write_csv("links.csv", ["id", "from", "to", "mode", "gauge_mm", "length_km", "length_basis", "status",
                            "oneway", "speed_kmh", "capacity_teu_day", "source", "notes"], links)
    write_csv("crossings.csv", ["id", "node", "countries", "modes", "dwell_median_h", "dwell_p90_h",
                                "fee_usd_teu", "capacity_teu_day", "source", "notes"], build_crossings())
    write_csv("transfers.csv", ["node", "from", "to", "time_median_h", "time_p90_h", "cost_usd_teu",
                                "capacity_teu_day", "source", "notes"], build_transfers())
    write_csv("parameters.csv", ["mode", "country", "name", "value", "unit", "source", "notes"], build_parameters())
    write_csv("corridors.csv", ["id", "name", "waypoints", "modes", "include_planned", "description", "source"],
              build_corridors())
    print(f"wrote {len(nodes)} nodes, {len(links)} links to {OUT}")


if __name__ == "__main__":
    main()
