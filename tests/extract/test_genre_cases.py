"""Phrasings of the genre met on unseen reporting (wire copy, Indian and Afghan outlets,
weekly roundups). Every sentence was written for these tests: people are invented,
groups and places are real."""
from __future__ import annotations

from militant_monitor.model.document import Document


def sheet_of(extractor, text, published="2025-03-12"):
    return extractor(Document(text=text, published=published))[0]


def person(sheet, name):
    found = [p for p in sheet["people"] if name in (p["name"], *p["aliases"])]
    assert len(found) == 1, [p["name"] for p in sheet["people"]]
    return found[0]


def groups_of(p):
    return [a["group"] for a in p["affiliations"]]


def test_men_identified_after_a_group_description_belong_to_that_group(extractor):
    sheet = sheet_of(extractor, "Three Jaish-e-Mohammed militants were killed in a gunfight in Kathua on Monday. "
                                "The slain militants were identified as Tariq Hussain Shah and Nadeem Gujjar.")
    for name in ("Tariq Hussain Shah", "Nadeem Gujjar"):
        assert groups_of(person(sheet, name)) == ["Jaish-e-Mohammed"]


def test_identified_men_get_no_group_when_two_are_described(extractor):
    sheet = sheet_of(extractor, "Police said LeT militants and Hizbul Mujahideen cadres had regrouped in the "
                                "area. Two suspects arrested on Sunday were identified as Rafiq Bhat and Omar Lone.")
    assert groups_of(person(sheet, "Rafiq Bhat")) == []


def test_the_men_arrested_are_not_the_authors_of_their_arrest(extractor):
    sheet = sheet_of(extractor, "The Taliban's intelligence directorate said on Monday it had arrested four "
                                "members of Daesh in Mazar-i-Sharif, including their commander Nasrullah Haidari.")
    arrests = [e for e in sheet["events"] if e["type"] == "arrest"]
    assert arrests and "Nasrullah Haidari" not in arrests[0]["perpetrators"]
    assert person(sheet, "Nasrullah Haidari")["status"]["state"] == "arrested"


def test_a_past_attack_with_its_own_date_toll_and_place_is_another_event(extractor):
    sheet = sheet_of(extractor, "Two militants were killed in an encounter with security forces in Kupwara "
                                "district on Tuesday, police said. The Resistance Front had claimed the attack in "
                                "Pahalgam in which 26 tourists were killed on April 22, 2025.")
    assert len(sheet["events"]) == 2, sheet["events"]
    clash, attack = sheet["events"]
    assert clash["type"] == "clash" and clash["killed"] == 2
    assert attack["killed"] == 26 and attack["date"] == "2025-04-22"
    assert attack["perpetrators"] == ["Resistance Front"]


def test_a_proxy_or_front_of_a_group_is_linked_to_it(extractor):
    for text in ("The Resistance Front, a proxy of the Lashkar-e-Taiba, claimed the ambush in Rajouri.",
                 "The People's Anti-Fascist Front, seen by officials as a front for Jaish-e-Mohammed, claimed it."):
        sheet = sheet_of(extractor, text)
        linked = {(g["name"], link["group"]) for g in sheet["groups"] for link in g["links"]}
        assert len(linked) == 1, sheet["groups"]


def test_a_roundup_line_claimed_it_and_the_weekly_tally_is_no_event(extractor):
    sheet = sheet_of(extractor, "Published 14 August 2024\n"
                                "- Tuesday, 6 August: Militants attacked a check post in Tank district, killing "
                                "two policemen. The TTP claimed it.\n"
                                "- Thursday, 8 August: Five insurgents were killed in a clash with security forces "
                                "in the Bulan area of Kech district.\n"
                                "In total, the week saw nine attacks in which 21 people were killed.", None)
    events = sheet["events"]
    assert [e["killed"] for e in events] == [2, 5], events
    assert events[0]["perpetrators"] == ["TTP"]


def test_militants_named_by_the_states_word_and_the_dead_included(extractor):
    sheet = sheet_of(extractor, "Security forces killed six \u201cIndia-sponsored khwarij\u201d in the Sambaza "
                                "area of Zhob district, the ISPR said. The dead included ringleader Noor Zaman "
                                "alias Saifullah, who was wanted for a 2023 raid on a police post.")
    ev = sheet["events"][0]
    assert ev["type"] == "clash" and ev["killed"] == 6 and ev["place"]["district"] == "Zhob"
    status = person(sheet, "Noor Zaman")["status"]
    assert status["state"] == "killed" and status["date"] != "2023"


def test_a_man_named_among_the_dead_keeps_the_group_of_the_fighters_killed(extractor):
    sheet = sheet_of(extractor, "Two ISKP fighters were killed after they opened fire on Taliban forces in "
                                "Achin district of Nangarhar province. One of the dead was identified as "
                                "Rahmatullah Safi, aka Usama.")
    p = person(sheet, "Rahmatullah Safi")
    assert p["status"]["state"] == "killed" and groups_of(p) == ["ISKP"]


AP_STORY = """Militants ambush army truck in Kashmir

Soldiers guard the site of an ambush in Rajouri district, Thursday, Oct. 23, 2025. (AP Photo)

SRINAGAR, India (AP) \u2014 Suspected militants ambushed an army truck near Thanamandi in Rajouri district on Thursday, killing three soldiers and two civilian porters, officials said.

Two other soldiers and a porter were wounded, an army spokesman said.

Police said they had identified one of the attackers from a video the group released as Farhan Mir, also known as Abu Saad, a Pakistani national from Sialkot whom they described as a Jaish-e-Mohammad commander. Authorities had announced a reward of Rs 10 lakh for information leading to his capture.

Hours later, soldiers cornered militants near the village of Kandi and killed one of them in a gunfight.

The Press Trust of India news agency reported Thursday that the attackers had used steel-core bullets.

Rebels have been fighting New Delhi's rule since 1989, and tens of thousands of people have been killed.
"""


def test_an_agency_story_from_indian_kashmir(extractor):
    sheet = sheet_of(extractor, AP_STORY, "2025-10-23")
    events = sheet["events"]
    assert [(e["type"], e["killed"], e["injured"]) for e in events] == [("armed_assault", 5, 3), ("clash", 1, None)], events
    ambush, gunfight = events
    assert ambush["place"]["name"] == "Thanamandi" and ambush["place"]["province"] == "Jammu and Kashmir"
    assert ambush["place"]["country"] == "IN" and ambush["date"] == "2025-10-23"
    assert gunfight["place"]["name"] == "Kandi"
    mir = person(sheet, "Farhan Mir")
    assert mir["status"] is None   # 'a video the group released as X' is no release
    assert groups_of(mir) == ["Jaish-e-Mohammad"] and mir["origin"] == "Sialkot"
    assert [(b["amount"], b["currency"]) for b in mir["bounties"]] == [(1_000_000, "INR")]
    assert [(s["outlet"], s["date"]) for s in sheet["sources"]] == [("Press Trust of India", "2025-10-23")]


def test_the_slain_men_identified_as_a_list_all_died(extractor):
    sheet = sheet_of(extractor, "Srinagar: Two militants were killed in an encounter in Jammu and Kashmir's "
                                "Shopian district on Tuesday. The slain militants were identified as Aamir Rashid, "
                                "a resident of Tral, and Shahid Ahmad Lone of Pulwama.", "2025-06-12")
    for name in ("Aamir Rashid", "Shahid Ahmad Lone"):
        assert person(sheet, name)["status"]["state"] == "killed"
    place = sheet["events"][0]["place"]
    assert place["district"] == "Shopian" and place["province"] == "Jammu and Kashmir"


def test_the_arrest_of_the_cell_behind_a_bombing_is_an_arrest_and_the_claim_by_is_read(extractor):
    sheet = sheet_of(extractor, "A suicide bomber struck a mosque in Sheberghan, the capital of Jawzjan province, "
                                "on 15 November 2024, killing nine worshippers. The attack was claimed late on Friday "
                                "by the Islamic State Khorasan Province. The blast ripped through the Haji Nazar Mosque "
                                "during prayers. On 18 November, intelligence officials said they had arrested four "
                                "members of the cell behind the bombing in Sheberghan.", None)
    types = [e["type"] for e in sheet["events"]]
    assert types == ["suicide_bombing", "arrest"], sheet["events"]
    bombing = sheet["events"][0]
    assert bombing["perpetrators"] == ["Islamic State Khorasan Province"]
    assert bombing["place"]["name"] in ("Haji Nazar Mosque", "Sheberghan") and bombing["killed"] == 9


SITREP = """WEEKLY SECURITY REPORT
Published: 20 October 2025

- Tuesday, 14 October | Kech, Balochistan
Militants stormed a Frontier Corps post in the Tump area of Kech district. Two FC personnel lost their lives and four were injured in an exchange of fire that lasted an hour. The BLF claimed the attack.

- Thursday, 16 October | Khyber, KP
Security forces killed between five and seven "khawarij" in an intelligence-based operation in the Bagh area of Tirah valley, the ISPR said. One sepoy embraced martyrdom.

- Saturday, 18 October | Lakki Marwat, KP
Constable Zarif Khan was shot dead by two gunmen on a motorcycle in the Tajori area. Two Levies men who tried to chase them were wounded.

THE WEEK IN NUMBERS
Together they left 31 people dead. Since 1 January, at least 1,020 people have been killed in militant violence.
The blockade-and-abduct tactic on the highways is likely to recur.
"""


def test_a_weekly_roundup_reads_one_event_per_item_dated_by_its_heading(extractor):
    sheet = sheet_of(extractor, SITREP, "2025-10-20")
    events = sheet["events"]
    assert [(e["type"], e["date"]) for e in events] == [
        ("armed_assault", "2025-10-14"), ("clash", "2025-10-16"), ("targeted_killing", "2025-10-18")], events
    post, raid, shooting = events
    assert (post["killed"], post["injured"]) == (2, 4) and post["perpetrators"] == ["BLF"]
    assert raid["killed"] == 5 and raid["place"]["name"] == "Bagh"
    assert raid["perpetrators"] == ["security forces"]   # "khawarij" is the state's label, not the TTP (README conventions)
    assert shooting["killed"] == 1 and shooting["injured"] == 2
    assert not any(p["name"].startswith("Constable") or p["name"] == "Zarif Khan" for p in sheet["people"])


FEATURE = """The Hawk of Khyber
By Staff Writer | June 3, 2025

Gul Nawaz Afridi, a Lashkar-e-Islam commander whom his fighters called Ustad Nawaz and whose radio name was Shaheen, the Falcon, grew up in Bara.

In 2012 he joined the group. His first known operation came that same year, when militants ambushed a Frontier Corps convoy near Jamrud, killing four soldiers. Afridi is said to have planted the bomb that stopped the lead truck.

The following year his men stormed a school in Landi Kotal, shooting dead two teachers.

The raid

Afridi himself was killed in February of last year. Acting on a tip, a CTD team surrounded a house in the Bara tehsil of Khyber district before dawn. The gunfight lasted two hours. When it was over, Afridi and two of his fighters were dead.
"""


def test_a_feature_told_in_years_and_a_raid_told_in_steps(extractor):
    sheet = sheet_of(extractor, FEATURE, "2025-06-03")
    afridi = person(sheet, "Gul Nawaz Afridi")
    assert {"Ustad Nawaz", "Shaheen", "the Falcon"} & set(afridi["aliases"]) >= {"Ustad Nawaz", "Shaheen"}
    assert groups_of(afridi) == ["Lashkar-e-Islam"]
    assert (afridi["status"]["state"], afridi["status"]["date"]) == ("killed", "2024-02")
    by_date = {e["date"]: e for e in sheet["events"]}
    assert set(by_date) == {"2012", "2013", "2024-02"}, sheet["events"]
    assert by_date["2012"]["type"] == "armed_assault" and by_date["2012"]["killed"] == 4
    assert "Gul Nawaz Afridi" in by_date["2012"]["perpetrators"]
    assert by_date["2013"]["place"]["name"] == "Landi Kotal"
    raid = by_date["2024-02"]
    assert raid["type"] == "clash" and raid["place"]["name"] == "Bara" and raid["perpetrators"][0] == "CTD"


BUS_STORY = """QUETTA: At least 12 people, including nine passengers and three personnel of the Frontier Corps (FC), were killed when gunmen blocked the N-25 highway near Mangochar in Kalat district late on Tuesday night and opened fire on a coach.

BLA claims responsibility

The Balochistan Liberation Army (BLA) claimed responsibility for the attack. Its spokesman Jeeyand Baloch said the attack had been carried out by the group's Fateh Squad.

On Wednesday, security forces launched a clearance operation in the hills around Mangochar. Seven terrorists "involved in the attack on passengers" were killed in an exchange of fire, while one soldier was martyred, the ISPR said. Officials said the militants killed in the operation belonged to the BLA. Among them was a local commander identified as Karim Bakhsh alias Chakar.

In June, gunmen had pulled five passengers off a Lahore-bound bus near Surab and shot them dead.
"""


def test_a_highway_attack_its_claim_and_the_operation_that_followed(extractor):
    sheet = sheet_of(extractor, BUS_STORY, "2025-10-16")   # a Thursday
    events = sheet["events"]
    assert [(e["type"], e["date"], e["killed"]) for e in events] == [
        ("armed_assault", "2025-10-14", 12), ("clash", "2025-10-15", 8), ("targeted_killing", "2025-06", 5)], events
    assert events[0]["perpetrators"][0] == "Balochistan Liberation Army"
    assert "Jeeyand Baloch" not in events[0]["perpetrators"]   # he reports the claim
    assert events[2]["place"]["name"] == "Surab"
    units = {g["name"]: [link["group"] for link in g["links"]] for g in sheet["groups"]}
    assert units["Fateh Squad"] == ["Balochistan Liberation Army"]
    chakar = person(sheet, "Karim Bakhsh")
    assert (chakar["status"]["state"], chakar["status"]["date"]) == ("killed", "2025-10-15")
    assert groups_of(chakar) == ["Balochistan Liberation Army"]


ANALYSIS = """Published April 9, 2025

On the morning of January 26, a car packed with explosives rammed a Frontier Corps convoy on the highway near Mastung. Seven soldiers and a passer-by were killed (Dawn, 27 January 2025).

Six weeks later, on March 11, fighters overran a Levies post in the Parom area of Panjgur district, killing four Levies personnel. The military said on March 14 that security forces had killed 12 militants in the Buleda area of Kech district the previous day. One soldier also died in the exchange of fire, it said.

The squad was revived by the BLA commander Aslam Baloch, known as Achu, who was killed along with five associates in a suicide attack in Kandahar in December 2018. Shaheen, the CTD believes, planned the Mastung bombing.

In November 2018, the BLA, the BLF and the smaller Baloch Republican Guards (BRG) announced the Baloch Raji Aajoi Sangar (BRAS), an alliance meant to coordinate operations. The Sindhudesh Revolutionary Army (SRA) joined the alliance in 2020.
"""


def test_an_analysis_with_dated_attacks_and_an_alliance(extractor):
    sheet = sheet_of(extractor, ANALYSIS, "2025-04-09")
    events = {e["date"]: e for e in sheet["events"]}
    assert set(events) == {"2025-01-26", "2025-03-11", "2025-03-13", "2018-12"}, sheet["events"]
    assert events["2025-01-26"]["killed"] == 8 and events["2025-01-26"]["place"]["district"] == "Mastung"
    assert events["2025-03-13"]["killed"] == 13   # twelve militants, and one soldier also died
    assert events["2018-12"]["killed"] == 6
    links = {frozenset((g["name"], link["group"])) for g in sheet["groups"] for link in g["links"]}
    brás = "Baloch Raji Aajoi Sangar"
    for member in ("BLA", "BLF", "Baloch Republican Guards", "Sindhudesh Revolutionary Army"):
        assert any(brás in pair and any(member == n or member in n for n in pair) for pair in links), (member, links)


def test_citations_in_the_forms_analysts_and_wires_use(extractor):
    text = ("Pakistan's Dawn newspaper reported on August 5 that officials had handed over a list. "
            "Afghan broadcaster TOLOnews aired footage on Wednesday showing destroyed homes. "
            "The Wall Street Journal reported in December that Washington had urged restraint. "
            "A report by the UN Security Council's Analytical Support and Sanctions Monitoring Team, released on "
            "July 24, said the TTP enjoyed space in Afghanistan. That is consistent with the Monitoring Team's "
            "January 2025 report. The March 2025 issue of Nawai Ghazwa-e-Hind carried an interview. "
            "ISKP eulogised him in a release (Al-Azaim, February 18).")
    sheet = sheet_of(extractor, text, "2025-08-13")   # a Wednesday
    got = {(s["outlet"], s["date"]) for s in sheet["sources"]}
    assert got >= {("Dawn", "2025-08-05"), ("TOLOnews", "2025-08-13"), ("Wall Street Journal", "2024-12"),
                   ("UN Analytical Support and Sanctions Monitoring Team", "2025-07-24"),
                   ("UN Analytical Support and Sanctions Monitoring Team", "2025-01"),
                   ("Nawai Ghazwa-e-Hind", "2025-03"), ("Al-Azaim", "2025-02-18")}, got


def test_a_claimed_shooting_its_group_names_and_the_suspect_from_elsewhere(extractor):
    text = ("PESHAWAR: Two men on a motorcycle sprayed the car of a cleric with bullets in the Tehkal area on "
            "Tuesday night, killing him. The Islamic State Khorasan Province (ISKP), locally referred to as Daesh, "
            "claimed responsibility for the attack. The group, the regional branch of the Middle East-based Islamic "
            "State, called the cleric an apostate. Police said Noor Alam alias Abu Talha, the gunman, carried out "
            "the attack. On Thursday the CTD arrested him, a resident of Bajaur district's Mamund tehsil, in a raid "
            "in the Sufaid Dheri area.")
    sheet = sheet_of(extractor, text, "2025-10-16")
    names = {g["name"]: g for g in sheet["groups"]}
    assert "Daesh" in names["Islamic State Khorasan Province"]["aliases"]
    assert [link["group"] for link in names["Islamic State Khorasan Province"]["links"]] == ["Islamic State"]
    shooting = sheet["events"][0]
    assert shooting["type"] == "armed_assault" and shooting["date"] == "2025-10-14"
    alam = person(sheet, "Noor Alam")
    assert groups_of(alam) == ["Islamic State Khorasan Province"]   # the side of the deed he is named in
    arrest = [e for e in sheet["events"] if e["type"] == "arrest"][0]
    assert arrest["place"]["name"] == "Sufaid Dheri" and arrest["place"]["district"] != "Bajaur"


def test_claims_told_far_from_the_verb_and_claims_of_an_attack(extractor):
    sheet = sheet_of(extractor, "A suicide bomber rammed a convoy in Bannu on Monday, killing five soldiers. Hours "
                                "after the blast, the Hafiz Gul Bahadur group (HGB), a militant outfit based in North "
                                "Waziristan, claimed responsibility for the attack in a message to journalists.",
                     "2025-11-18")
    assert sheet["events"][0]["perpetrators"] == ["Hafiz Gul Bahadur group"]
    sheet = sheet_of(extractor, "Karachi has remained AQIS' main hunting ground. The group claimed a 2022 gun attack "
                                "on a police patrol in the city's Korangi area that killed four officers.")
    assert sheet["events"][0]["perpetrators"] == ["AQIS"]


def test_the_dead_named_in_lists_and_asides(extractor):
    sheet = sheet_of(extractor, "Pakistani officials said air strikes killed eight militants in Paktika on Tuesday. "
                                "Among the dead, they said, were Khan Wali Mehsud, known by his nom de guerre Qari "
                                "Hamza, who ran the group's operations in South Waziristan, and Ihsanullah Dawar, a "
                                "commander they accused of organising attacks on troops. Ihsanullah Dawar had a bounty of Rs5 "
                                "million on his head.", "2026-01-14")
    for name in ("Khan Wali Mehsud", "Ihsanullah Dawar"):
        assert person(sheet, name)["status"]["state"] == "killed", name
    sheet = sheet_of(extractor, "Security forces killed six terrorists belonging to the BLF in Buleda on Sunday. It "
                                "identified one of them as Nadir alias Shahsawar, a ring leader. His deputy, Wahid alias "
                                "Dawar, who also belonged to the BLF and carried a bounty of Rs2.5m, was among the dead.",
                     "2024-11-18")
    nadir = person(sheet, "Nadir")
    assert nadir["status"]["state"] == "killed" and groups_of(nadir) == ["BLF"]
    assert person(sheet, "Wahid")["status"]["state"] == "killed"


def test_fire_opened_inside_a_raid_is_the_raid(extractor):
    sheet = sheet_of(extractor, "LAKKI MARWAT: The CTD on Tuesday killed a wanted commander and two aides in a raid in "
                                "Tajazai. A team surrounded a compound before dawn. The men inside opened fire and the "
                                "exchange lasted an hour.", "2024-03-06")
    assert [e["type"] for e in sheet["events"]] == ["clash"]


def test_running_tallies_more_dead_and_named_reference_to_an_earlier_attack(extractor):
    sheet = sheet_of(extractor, "PARACHINAR: Security forces killed eight militants in an operation in the Bagan area "
                                "of Kurram district on Sunday, officials said. Six more militants were killed on Monday "
                                "as troops cleared nearby villages. Last year, 17 militants were killed in Kurram and "
                                "Orakzai districts, according to police figures. The officials did not say where the "
                                "two commanders were killed.", "2026-02-10")
    assert [(e["type"], e["killed"]) for e in sheet["events"]] == [("clash", 14)], sheet["events"]
    sheet = sheet_of(extractor, "On March 14, a suicide bomber struck a rally in Khar, the headquarters of Bajaur "
                                "district, killing 54 people. The Khar bombing came less than two months after a rally "
                                "in Balochistan was attacked. Pakistani troops stormed a compound in the Salarzai tehsil "
                                "of Bajaur district on March 21 and killed a commander.", "2025-05-02")
    assert [(e["type"], e["date"]) for e in sheet["events"]] == [
        ("suicide_bombing", "2025-03-14"), ("attack", "2025-01"), ("clash", "2025-03-21")]


def test_a_grenade_thrown_at_a_shop_is_a_bombing_where_the_shop_is(extractor):
    sheet = sheet_of(extractor, "The same day, unidentified men threw a hand grenade at a shop in the main bazaar of "
                                "Mastung district. The device exploded in an empty lane and no casualties were reported.",
                     "2023-09-12")
    (ev,) = sheet["events"]
    assert ev["type"] == "bombing" and ev["place"]["district"] == "Mastung" and (ev["killed"], ev["injured"]) == (0, 0)


def test_affiliations_by_enumeration_by_the_group_led_and_by_a_quoted_role(extractor):
    sheet = sheet_of(extractor, "The Taliban have moved a senior commander of the Pakistani Taliban to Ghazni and "
                                "detained a second. The second commander, Hafiz Gul Wazir, was detained in Kabul on "
                                "Sunday. Al Qaeda in the Indian Subcontinent (AQIS) remains active in Helmand. The group is led by "
                                "Maulana Fazal Rabbi Qasmi, a Karachi-born cleric. The CTD "
                                "arrested Naveed Ahmed Turi, a \"key commander\" of the LeJ's Kurram chapter, on Monday.",
                     "2025-08-12")
    assert groups_of(person(sheet, "Hafiz Gul Wazir")) == ["Pakistani Taliban"]
    assert groups_of(person(sheet, "Maulana Fazal Rabbi Qasmi")) == ["Al Qaeda in the Indian Subcontinent"]
    assert groups_of(person(sheet, "Naveed Ahmed Turi")) == ["LeJ"]


def test_the_man_officials_accuse_of_planning_an_attack_is_among_its_authors(extractor):
    sheet = sheet_of(extractor, "Militants ambushed a military convoy in North Waziristan on July 19, killing six "
                                "soldiers. Pakistani officials have accused Gul Zaman Mehsud of planning the July 19 "
                                "ambush on the convoy.", "2025-08-12")
    assert "Gul Zaman Mehsud" in sheet["events"][0]["perpetrators"]


def test_two_groups_of_dead_in_one_sentence_and_a_toll_later_in_the_day(extractor):
    sheet = sheet_of(extractor, "BANNU: Seven soldiers were martyred and two civilians, including a schoolboy, lost "
                                "their lives on Monday when a suicide bomber rammed a convoy, injuring more than 14 "
                                "(Dawn, November 18). Later in the day, security forces launched an operation in the "
                                "adjoining Jani Khel area and killed four terrorists.", "2025-11-18")
    bombing, clash = sheet["events"]
    assert (bombing["killed"], bombing["injured"]) == (9, 14)
    assert clash["date"] == bombing["date"] == "2025-11-17" and clash["killed"] == 4


def test_a_group_saying_one_of_its_fighters_carried_out_the_attack_and_groups_of_india(extractor):
    sheet = sheet_of(extractor, "On 21 October, a suicide bomber struck a police post in Lakki Marwat, killing seven "
                                "policemen. Within hours the Pakistani Taliban, formally known as Tehrik-e-Taliban "
                                "Pakistan (TTP), said one of its fighters had carried out the attack.", "2025-11-18")
    assert sheet["events"][0]["perpetrators"] == ["Pakistani Taliban"]
    sheet = sheet_of(extractor, "Punjab Police said the Babbar Khalsa International (BKI) module had thrown a grenade "
                                "at a police post in Gurdaspur on December 11, injuring two constables.", "2024-12-16")
    assert [g["name"] for g in sheet["groups"]] == ["Babbar Khalsa International"]


def test_a_module_busted_in_indian_punjab(extractor):
    text = ("Chandigarh: The Punjab Police have arrested three men over the grenade attack on the Bakshiwal police "
            "post in Gurdaspur district, and claimed to have busted a module backed by the proscribed Babbar Khalsa "
            "International (BKI).\n\nThe accused were picked up Saturday from near the Dhariwal bypass. Two grenades "
            "were recovered from them.\n\nThey have been identified as Amarjit Singh alias Ami (23), a resident of "
            "Sangatpura village; Sunil Masih alias Sonu (21), of Fatehgarh Churian; and Kulbir Singh, also known as "
            "Kanna (26), of Ajnala.")
    sheet = sheet_of(extractor, text, "2024-12-16")   # a Monday
    for name in ("Amarjit Singh", "Sunil Masih", "Kulbir Singh"):
        p = person(sheet, name)
        assert p["status"]["state"] == "arrested", name
        assert groups_of(p) == ["Babbar Khalsa International"], name
    places = [e["place"] for e in sheet["events"]]
    assert all(pl["province"] in (None, "Punjab") and pl["country"] in (None, "IN") for pl in places), places


def test_group_links_told_as_enmity_to_both_allegiance_and_dependence(extractor):
    sheet = sheet_of(extractor, "ISKP, believed to be commanded by a Tajik national, is a sworn enemy of both the "
                                "Afghan Taliban and the TTP. The TTP remains bound by its pledge of allegiance to the "
                                "Afghan Taliban. ISPP remains dependent on ISKP.")
    links = {frozenset((g["name"], link["group"])) for g in sheet["groups"] for link in g["links"]}
    assert links == {frozenset(("ISKP", "Afghan Taliban")), frozenset(("ISKP", "TTP")),
                     frozenset(("TTP", "Afghan Taliban")), frozenset(("ISPP", "ISKP"))}


def test_chronology_entries_tolls_told_the_next_day_and_wars_since_a_year(extractor):
    sheet = sheet_of(extractor, "Balochistan Timeline: June 1-14, 2024\n\nJune 2: Two Frontier Corps (FC) soldiers "
                                "were killed when an IED exploded in the Turbat area of Kech District.\n\nJune 7: "
                                "Security Forces killed four BLF militants in the Buleda area of Kech District.", None)
    assert [e["date"] for e in sheet["events"]] == ["2024-06-02", "2024-06-07"]
    sheet = sheet_of(extractor, "TANK: The death toll from Friday's suicide bombing at the main market in Tank rose "
                                "to 23 on Saturday. This is the fifth attack on a market in the district since "
                                "October.", "2025-02-16")
    assert [(e["date"], e["killed"]) for e in sheet["events"]] == [("2025-02-14", 23)]
    sheet = sheet_of(extractor, "The NRF, which has been fighting the Taliban since 2021, said its fighters ambushed "
                                "a convoy near the village of Shast in Paryan district, killing two.", "2026-04-12")
    assert sheet["events"][0]["date"] != "2021"


def test_an_operation_told_in_a_lead_and_by_the_military_is_one_clash(extractor):
    text = ("PESHAWAR: Six militants were killed when security forces raided a compound in Khyber district's Tirah "
            "valley, the military's media wing said on Monday.\n\nAccording to a statement issued by the ISPR, the "
            "intelligence-based operation was launched late on Sunday in the Bagh Maidan area of Tirah. A soldier "
            "embraced martyrdom during the exchange of fire, while two others were injured and shifted to the "
            "Combined Military Hospital in Peshawar.\n\nSeparately, gunmen opened fire on a polio team in Bara's "
            "Akka Khel area on Sunday, hours before the operation began, injuring a constable.")
    sheet = sheet_of(extractor, text, "2025-03-18")   # a Tuesday
    types = [(e["type"], e["date"]) for e in sheet["events"]]
    assert types == [("clash", "2025-03-16"), ("armed_assault", "2025-03-16")], sheet["events"]
    assert "_within" not in sheet["events"][0]["place"]


def test_captions_credited_to_an_agency_are_not_events(extractor):
    text = ("Soldiers stand guard near the site where two soldiers were killed in Tirah valley, in this file photo. "
            "\u2014 Online\n\nPESHAWAR: Six militants were killed in a raid in Tirah on Sunday, the ISPR said.")
    sheet = sheet_of(extractor, text, "2025-03-18")
    assert [e["killed"] for e in sheet["events"]] == [6]


def test_an_arrest_over_a_killing_told_in_one_lead_is_two_events(extractor):
    text = ("PESHAWAR: The Counter-Terrorism Department (CTD) on Thursday arrested a suspect allegedly involved in the "
            "killing of a prominent religious scholar who was gunned down by motorcyclists in the city two days "
            "earlier, officials said.\n\nMaulana Abdul Hadi, 61, was returning home on Tuesday when two men on a "
            "motorcycle intercepted his car and sprayed it with bullets. The Islamic State Khorasan Province (ISKP) "
            "claimed responsibility for the attack.")
    sheet = sheet_of(extractor, text, "2025-10-16")   # a Thursday
    got = sorted((e["type"], e["date"]) for e in sheet["events"])
    assert got == [("arrest", "2025-10-16"), ("targeted_killing", "2025-10-14")], sheet["events"]
    killing = next(e for e in sheet["events"] if e["type"] == "targeted_killing")
    assert killing["killed"] == 1 and killing["perpetrators"] == ["Islamic State Khorasan Province"]


def test_a_deck_and_a_lead_telling_one_bombing_give_one_event(extractor):
    text = ("Nineteen killed in blast at Quetta bus stand\n\n"
            "At least 19 people have been killed in a suicide attack on a crowded bus stand in southwest Pakistan.\n\n"
            "By Imran Kakar\n\n"
            "Officials urged calm.\n\nShops stayed shut.\n\nSchools closed.\n\nTraffic was diverted.\n\n"
            "Funerals were held.\n\nMourners gathered.\n\nQuetta, Pakistan - A suicide bomber killed at least 19 "
            "people and wounded 31 others at the main bus stand in Quetta on Monday, police said.")
    sheet = sheet_of(extractor, text, published="2025-05-13")
    bombings = [e for e in sheet["events"] if e["type"] == "suicide_bombing"]
    assert len(bombings) == 1, sheet["events"]
    assert bombings[0]["killed"] == 19 and bombings[0]["injured"] == 31
    assert bombings[0]["date"] == "2025-05-12" and bombings[0]["place"]["name"] == "Quetta"


def test_two_bombings_with_the_same_toll_in_two_places_stay_two(extractor):
    sheet = sheet_of(extractor, "A roadside bomb killed three soldiers in Kech on Monday. "
                                "Separately, a bomb killed three policemen in Bannu on Tuesday.", published="2025-05-14")
    assert len(sheet["events"]) == 2, sheet["events"]


def test_datelines_bases_and_routes_are_not_where_an_attack_happened(extractor):
    sheet = sheet_of(extractor, "Islamabad, Pakistan - A suicide bomber killed nine people in Peshawar on Monday.",
                     published="2025-05-13")
    assert sheet["events"][0]["place"]["district"] == "Peshawar"
    sheet = sheet_of(extractor, "Militants ambushed a convoy on its way from Bannu Cantonment to Miranshah "
                                "on Monday, killing four soldiers near Baka Khel.", published="2025-05-13")
    assert sheet["events"][0]["place"]["name"] != "Bannu Cantonment"
    sheet = sheet_of(extractor, "Gunmen killed two policemen in Tank on Monday. The Hafiz Gul Bahadur group, "
                                "an outfit based in North Waziristan, claimed the attack.", published="2025-05-13")
    assert len(sheet["events"]) == 1 and sheet["events"][0]["place"]["district"] == "Tank"
    assert sheet["events"][0]["perpetrators"] == ["Hafiz Gul Bahadur group"]


def test_a_toll_over_two_attacks_is_a_tally(extractor):
    sheet = sheet_of(extractor, "Islamic State has made Bajaur its main theatre, killing at least 73 people "
                                "in two attacks on party rallies since January.")
    assert sheet["events"] == []


def test_its_fighters_are_the_group_just_spoken_of(extractor):
    sheet = sheet_of(extractor, "Weeks later it was the turn of the Balochistan Liberation Front (BLF). "
                                "On March 11, its fighters overran a Levies post in Panjgur, killing four men.")
    assert sheet["events"][0]["perpetrators"] == ["Balochistan Liberation Front"]


def test_an_fir_listing_suspects_gives_each_his_origin_fate_and_group(extractor):
    sheet = sheet_of(extractor, "The CTD on Tuesday arrested three suspects belonging to the banned "
                                "Tehreek-i-Taliban Pakistan near Kundian. Weapons were recovered from them. "
                                "The FIR identifies the arrested suspects as Gul Marjan alias Marjani, son of "
                                "Sher Khan, resident of Kalabagh; Naseer Ali, son of Dost Ali, resident of Paharpur; "
                                "and Zahir Shah, resident of Tank.", published="2025-05-14")
    for name, origin in (("Gul Marjan", "Kalabagh"), ("Naseer Ali", "Paharpur"), ("Zahir Shah", "Tank")):
        p = person(sheet, name)
        assert p["status"]["state"] == "arrested", p
        assert p["origin"] == origin
        assert groups_of(p) == ["Tehreek-i-Taliban Pakistan"]


def test_a_claim_goes_to_the_attack_not_to_the_search_that_followed(extractor):
    sheet = sheet_of(extractor, "A suicide bomber rammed a convoy in Bannu on Tuesday, killing five soldiers. "
                                "Police said the area had been cordoned off and a search operation was under way. "
                                "Hours after the attack, Ittehad-ul-Mujahideen Pakistan, an alliance formed by the "
                                "Hafiz Gul Bahadur group and Lashkar-e-Islam, claimed responsibility.",
                     published="2024-09-11")
    assert len(sheet["events"]) == 1, sheet["events"]
    assert sheet["events"][0]["perpetrators"] == ["Ittehad-ul-Mujahideen Pakistan"]


def test_the_date_of_an_aside_about_the_group_does_not_date_the_event(extractor):
    sheet = sheet_of(extractor, "A suicide bomber struck the Kulachi police station on Thursday, killing six "
                                "people. Jamaat-ul-Ahrar, a faction that merged back into the TTP in 2020, has "
                                "claimed responsibility for the attack.", published="2024-02-16")
    assert len(sheet["events"]) == 1, sheet["events"]
    assert sheet["events"][0]["date"] == "2024-02-15"
    assert "Jamaat-ul-Ahrar" in sheet["events"][0]["perpetrators"]


def test_a_who_clause_telling_the_killing_dates_it(extractor):
    sheet = sheet_of(extractor, "Basit replaces Saifullah Kakar, who was shot dead along with a bodyguard by "
                                "gunmen in Spin Boldak on Jan. 9, according to officials.", published="2024-01-20")
    assert sheet["events"][0]["date"] == "2024-01-09"


def test_a_drone_strike_is_an_event(extractor):
    sheet = sheet_of(extractor, "A drone strike on a compound in Datta Khel killed three militants on Friday.",
                     published="2025-11-17")
    assert len(sheet["events"]) == 1 and sheet["events"][0]["killed"] == 3


def test_an_ispr_release_counts_both_sides_and_each_operation(extractor):
    text = ("RAWALPINDI: Security forces killed 11 terrorists in two separate intelligence-based operations "
            "in North Waziristan and Khyber districts, the ISPR said on Thursday. The first operation was conducted "
            "on October 22 in the Datta Khel area of North Waziristan district. \"After an intense exchange of fire, "
            "eight khawarij were sent to hell,\" the ISPR said. During the exchange of fire, two soldiers, Havildar "
            "Qasim Ali, 31, a resident of Attock, and Sepoy Irfan Khan, 22, a resident of Karak, having fought "
            "gallantly, embraced shahadat. In another IBO in the Bagh area of Tirah valley in Khyber district on the "
            "same day, security forces killed three more khawarij, the ISPR said.")
    sheet = sheet_of(extractor, text, published="2025-10-23")
    clashes = [e for e in sheet["events"] if e["type"] == "clash"]
    assert [(e["date"], e["killed"]) for e in clashes] == [("2025-10-22", 10), ("2025-10-22", 3)], clashes


def test_the_other_sides_dead_told_next_join_the_encounter(extractor):
    sheet = sheet_of(extractor, "Three terrorists have been killed in an encounter with security forces in "
                                "Shopian district, officials said. A soldier was killed and two others were injured "
                                "in the gunfight, which broke out in the Zainapora area after a joint team launched "
                                "a cordon-and-search operation.")
    assert len(sheet["events"]) == 1, sheet["events"]
    assert sheet["events"][0]["killed"] == 4 and sheet["events"][0]["injured"] == 2


def test_named_dead_listed_with_his_associates_and_a_wounded_constable(extractor):
    sheet = sheet_of(extractor, "Three militants were killed while a CTD constable, Farhan Ali, received a bullet "
                                "wound. The slain militants were identified as Habib Khan, alias Qari Zubair, and his "
                                "associates Saif Ullah Marwat and Noor Jamal.", published="2025-02-19")
    names = {p["name"] for p in sheet["people"]}
    assert {"Habib Khan", "Saif Ullah Marwat", "Noor Jamal"} <= names
    assert "Farhan Ali" not in names


def test_its_spokesman_is_the_claiming_groups_not_the_one_in_an_aside(extractor):
    sheet = sheet_of(extractor, "Ittehad-ul-Mujahideen Pakistan, an alliance formed by the Hafiz Gul Bahadur group "
                                "and Lashkar-e-Islam, claimed responsibility in a statement issued by its spokesman, "
                                "Abu Yasir Qasmi.")
    assert groups_of(person(sheet, "Abu Yasir Qasmi")) == ["Ittehad-ul-Mujahideen Pakistan"]


def test_a_day_that_opens_a_speakers_statement_dates_the_statement(extractor):
    sheet = sheet_of(extractor, "On Tuesday, Sharifi said police had arrested a man in Kundian on suspicion of "
                                "planting the bomb.", published="2024-10-08")
    arrests = [e for e in sheet["events"] if e["type"] == "arrest"]
    assert arrests and arrests[0]["date"] != "2024-10-08"
    sheet = sheet_of(extractor, "The CTD on Tuesday claimed to have arrested two suspects in Kundian.",
                     published="2024-10-09")
    assert sheet["events"][0]["date"] == "2024-10-08"


def test_a_report_the_following_day_does_not_move_the_event(extractor):
    sheet = sheet_of(extractor, "On August 18, a roadside bomb struck a minibus in Imam Sahib district, killing "
                                "four guards, Pajhwok Afghan News reported the following day.", published="2024-10-08")
    assert sheet["events"][0]["date"] == "2024-08-18"


def test_its_gunmen_after_the_group_that_said_so(extractor):
    sheet = sheet_of(extractor, "ISIS-K has also been active in Badakhshan, where it said its gunmen shot dead a "
                                "Taliban intelligence official in Argo district in September.", published="2024-10-08")
    ev = sheet["events"][0]
    assert ev["killed"] == 1 and ev["perpetrators"] == ["ISIS-K"], ev


def test_two_dated_deaths_in_one_sentence_are_two_events(extractor):
    text = ("When al-Qaeda leader Ayman al-Zawahiri announced the creation of AQIS in 2014, he had large plans. "
            "AQIS's first emir, Asim Umar, was killed in a joint U.S.-Afghan raid in the Musa Qala district of "
            "Helmand province in September 2019, and Zawahiri himself was killed by a U.S. drone strike on a house "
            "in Kabul in July 2022.[1] The group has not claimed a major attack in India since.")
    sheet = sheet_of(extractor, text, published="2025-11-01")
    assert [(e["date"], e["place"]["province"]) for e in sheet["events"]] == [("2019-09", "Helmand"), ("2022-07", "Kabul")]
    umar = person(sheet, "Asim Umar")
    assert umar["status"]["state"] == "killed" and umar["status"]["date"] == "2019-09"
    assert "al-Qaeda in the Indian Subcontinent" not in sheet["events"][0]["perpetrators"]


def test_one_deed_told_with_two_dates_stays_one_sentence(extractor):
    sheet = sheet_of(extractor, "Militants attacked a checkpost in Tank on Monday, and two soldiers were "
                                "killed.", published="2025-11-05")
    assert len(sheet["events"]) == 1


def test_footnote_markers_end_sentences(extractor):
    from militant_monitor.extract.text import sentences
    got = [s.text for s in sentences("He was killed in Kabul in July 2022.[1] The group went quiet.")]
    assert got == ["He was killed in Kabul in July 2022.[1]", "The group went quiet."]


def sources_of(sheet):
    return sorted((s["outlet"], s["date"]) for s in sheet["sources"])


def test_endnotes_with_full_dates_and_issuing_bodies(extractor):
    text = ("AQIS has lost two emirs.[1]\n\nCitations\n\n"
            "[1] \"Al-Qaeda chief killed in strike in Kabul,\" Reuters, August 2, 2022.\n\n"
            "[2] United Nations Security Council, \"Report of the Monitoring Team,\" S/2025/447, July 2025.\n\n"
            "[3] Ibid.\n\n[4] Authors' interview, former official, New Delhi, August 2025.")
    assert sources_of(sheet_of(extractor, text)) == [("Reuters", "2022-08-02"),
                                                      ("United Nations Security Council", "2025-07")]


def test_reports_named_by_their_month_and_issuer(extractor):
    sheet = sheet_of(extractor, "Kukikhel was named deputy governor, according to a December 2025 report by the "
                                "Pakistan Institute for Peace Studies (PIPS). The UN Security Council's sanctions "
                                "monitoring team noted in its July 2025 report that the TTP moved freely. On January 8, "
                                "militants killed four policemen in Bargai, the Express Tribune reported the following "
                                "day. A report by the U.N. Analytical Support and Sanctions Monitoring Team, released "
                                "in July, said IS-K had grown.", published="2026-03-18")
    got = dict(sources_of(sheet))
    assert got["Pak Institute for Peace Studies"] == "2025-12"
    assert got["UN Analytical Support and Sanctions Monitoring Team"] == "2025-07"
    assert got["Express Tribune"] == "2026-01-09"


def test_one_outlet_cited_by_two_names_on_one_day_is_one_source(extractor):
    sheet = sheet_of(extractor, "He was detained in Kunar (Pajhwok, October 28).\n\n[7] \"Commander held in Kunar,\" "
                                "Pajhwok Afghan News, October 28, 2024.", published="2024-11-20")
    assert len(sheet["sources"]) == 1, sheet["sources"]


def test_bail_after_arrest_is_the_latest_fate_and_described_as_gives_the_group(extractor):
    text = ("On March 6, 2024, police arrested Mohammad Shafiqul Islam, alias \"Abu Huraira,\" in Dhaka's "
            "Mohammadpur area. Police described Shafiqul, a former madrassa teacher, as Ansar al-Islam's chief "
            "ideologue. In April 2025, however, a Dhaka court granted him bail.")
    p = person(sheet_of(extractor, text, published="2025-11-01"), "Mohammad Shafiqul Islam")
    assert p["status"]["state"] == "released" and p["status"]["date"] == "2025-04"
    assert groups_of(p) == ["Ansar al-Islam"]


def test_a_wire_on_arrests_in_several_districts(extractor):
    text = ("In Bahawalpur, the CTD arrested Muhammad Arif alias Abu Talha, a resident of Rahim Yar Khan, who was "
            "affiliated with the Islamic State Khorasan Province (ISKP). In Mianwali, Zubair Khan alias Lala, hailing "
            "from Lakki Marwat, was taken into custody near Kundian. In Jhang, the department arrested Asadullah, a "
            "resident of Shorkot, who was linked to the banned Lashkar-e-Jhangvi. Head money of Rs10 million was "
            "approved for Waqas Ahmed, an ISKP commander and resident of Sheikhupura. His associates, Shahid "
            "Mehmood and Imran alias Mani, also took part in the attack.")
    sheet = sheet_of(extractor, text, published="2025-05-04")
    assert groups_of(person(sheet, "Muhammad Arif")) == ["Islamic State Khorasan Province"]
    assert groups_of(person(sheet, "Zubair Khan")) == []
    assert person(sheet, "Asadullah")["origin"] == "Shorkot"
    assert person(sheet, "Waqas Ahmed")["origin"] == "Sheikhupura"
    person(sheet, "Shahid Mehmood")
    person(sheet, "Imran")


def test_a_surname_with_al_is_used_alone(extractor):
    sheet = sheet_of(extractor, "Al-Qaeda leader Ayman al-Zawahiri founded AQIS in 2014. Zawahiri himself was "
                                "killed by a U.S. drone strike in Kabul in July 2022.", published="2025-11-01")
    assert person(sheet, "Ayman al-Zawahiri")["status"]["state"] == "killed"


def links_of(sheet):
    return {frozenset((g["name"], link["group"])) for g in sheet["groups"] for link in g["links"]}


def test_rivals_told_by_possession_apposition_and_apostasy(extractor):
    sheet = sheet_of(extractor, "The regional branch of the Islamic State group, ISIS-K has been the Taliban's most "
                                "serious armed rival since 2021.")
    names = {g["name"] for g in sheet["groups"]}
    assert len(links_of(sheet)) == 2, (names, links_of(sheet))
    sheet = sheet_of(extractor, "The Islamic State's Khorasan Province (ISKP), which regards both the TTP and the "
                                "Afghan Taliban as apostates, has recruited TTP fighters.")
    assert len(links_of(sheet)) == 2, links_of(sheet)
    assert "Khorasan Province" not in {g["name"] for g in sheet["groups"]}


def test_a_summary_bullet_and_the_story_are_one_raid(extractor):
    text = ("- Zarghun Bhittani, the TTP's shadow governor for Tank, was killed in a security operation in Kulachi "
            "Tehsil on May 14.\n\n- His death deprives the TTP of a planner, and the group has already staged a "
            "retaliatory attack.\n\nIn the early hours of May 14, security forces raided a compound in Kulachi Tehsil "
            "of Dera Ismail Khan District. Bhittani and three of his men were killed. Several of the suicide bombers "
            "he trained were later sent to Bhakkar.")
    sheet = sheet_of(extractor, text, published="2025-05-28")
    assert [(e["type"], e["date"], e["killed"]) for e in sheet["events"]] == [("clash", "2025-05-14", 4)], sheet["events"]


def test_the_deed_in_an_arrest_lead_has_its_own_place_and_year(extractor):
    sheet = sheet_of(extractor, "KARACHI: The CTD on Saturday claimed to have arrested four suspected members of the "
                                "banned Zainabiyoun Brigade involved in sectarian killings, including the murder of a "
                                "prayer leader in Orangi Town last year.", published="2025-10-12")
    arrest, deed = sheet["events"]
    assert arrest["type"] == "arrest" and arrest["place"]["name"] != "Orangi Town"
    assert deed["type"] == "targeted_killing" and deed["place"]["name"] == "Orangi Town" and deed["date"] == "2024"


def test_it_claimed_and_its_men_are_the_group_spoken_of(extractor):
    text = ("JuA quickly earned a reputation for ruthlessness. In May 2016, it claimed a bombing of a police van in "
            "Peshawar's Hayatabad that killed seven constables. It also ran a kidnapping business; in October 2016, its "
            "men abducted a professor from the Jamrud road. Its leaders denounced what they called the un-Islamic "
            "killing of civilians in November 2017.")
    sheet = sheet_of(extractor, text, published="2025-04-01")
    assert [e["perpetrators"] for e in sheet["events"]] == [["JuA"], ["JuA"]], sheet["events"]


def test_a_detention_reported_then_told_is_one_arrest_in_its_place(extractor):
    text = ("Late last month, outlets began reporting that Mufti Ahsan Dawar, the TTP commander who has directed the "
            "group's campaign in southern Khyber Pakhtunkhwa since 2022, had been detained in Afghanistan. Officers of "
            "the GDI picked up Dawar on November 22 from a rented house in the Matun area of Khost city, reportedly "
            "after Islamabad passed on his location. If true, Dawar would be among the most senior militants known to "
            "have been taken into custody by the Taliban since they returned to power in August 2021. The two most "
            "active armed groups fighting the Taliban have said nothing. A CTD constable was wounded in a raid in "
            "Tajori on August 5.")
    sheet = sheet_of(extractor, text, published="2024-12-09")
    arrests = [e for e in sheet["events"] if e["type"] == "arrest"]
    assert len(arrests) == 1 and arrests[0]["date"] == "2024-11-22", sheet["events"]
    assert arrests[0]["place"]["name"] == "Matun" and arrests[0]["place"]["district"] != "Islamabad"
    assert not [e for e in sheet["events"] if e["date"] == "2021-08"]
    raid = [e for e in sheet["events"] if e["type"] == "clash"]
    assert raid and raid[0]["injured"] == 1


def test_a_lead_and_its_detail_paragraph_are_one_raid(extractor):
    text = ("Pakistani officials say they have killed a senior leader of al Qaeda in the Indian Subcontinent in a raid "
            "in southern Punjab over the weekend.\n\nAbdul Rehman Saqib, known as \"Ustad Farooq,\" was killed along "
            "with two other militants when the CTD stormed a house in Sadiqabad, a town in Rahim Yar Khan district, on "
            "Aug. 30, according to a CTD "
            "statement carried by Dawn the following day. There has been no public indication that his deputy has "
            "been captured or killed. AQIS cadres were fighting alongside the TTP, the report said.")
    sheet = sheet_of(extractor, text, published="2025-09-02")
    assert [(e["type"], e["date"], e["killed"]) for e in sheet["events"]] == [("clash", "2025-08-30", 3)], sheet["events"]


def test_became_its_emir_and_a_commander_with_an_acronym(extractor):
    sheet = sheet_of(extractor, "Mufti Ahsan Dawar, the Tehreek-e-Taliban Pakistan (TTP) commander for the south, "
                                "pledged allegiance to the group shortly after Mufti Noor Wali Mehsud became its emir "
                                "in June 2018.")
    assert groups_of(person(sheet, "Mufti Noor Wali Mehsud")) == ["Tehreek-e-Taliban Pakistan"]
    assert groups_of(person(sheet, "Mufti Ahsan Dawar")) == ["Tehreek-e-Taliban Pakistan"]


def test_militants_in_a_story_about_one_group_belong_to_it(extractor):
    text = ("The NIA announced a reward for a Babbar Khalsa International operative. Police arrested Harjit Singh, "
            "alias Jeeta, of Qadian on Wednesday.")
    assert groups_of(person(sheet_of(extractor, text, published="2025-05-16"), "Harjit Singh")) == ["Babbar Khalsa International"]
    text += " Separately, Lashkar-e-Taiba militants attacked a post."
    assert groups_of(person(sheet_of(extractor, text, published="2025-05-16"), "Harjit Singh")) == []


def test_a_capital_as_government_and_a_victim_known_to_his_fighters(extractor):
    text = ("A senior commander of the Pakistani Taliban who was wanted by Islamabad for attacks on police has been "
            "shot dead by gunmen in eastern Afghanistan. Qari Muhib Mehsud, known to his fighters as Ustad Ghazi, was "
            "killed along with two of his guards on Tuesday evening as he left a mosque in Khost city.")
    sheet = sheet_of(extractor, text, published="2024-09-12")
    assert len(sheet["events"]) == 1, sheet["events"]
    ev = sheet["events"][0]
    assert ev["killed"] == 3 and ev["date"] == "2024-09-10" and ev["place"]["district"] != "Islamabad"
    assert "Qari Muhib Mehsud" not in ev["perpetrators"]
    assert person(sheet, "Qari Muhib Mehsud")["status"]["date"] == "2024-09-10"


def test_citations_in_semicolon_lists_bare_numbered_notes_and_agency_reports(extractor):
    text = ("He had been detained in Afghanistan (Dawn, November 26; Hasht-e Subh, November 27). IRNA reported on "
            "Monday that the attackers had fled. Afghanistan International, a London-based broadcaster, reported on "
            "Wednesday that he lived in Khost. In a statement carried by The Balochistan Post on Wednesday, the group "
            "claimed the abduction.\n\nNotes\n\n16 \"Suicide attack on DI Khan police lines kills 16\", Dawn, 8 October "
            "2024.\n\n18 Crisis Group interview, cleric, Peshawar, December 2024.")
    got = set(sources_of(sheet_of(extractor, text, published="2024-12-09")))
    assert {("Dawn", "2024-11-26"), ("Hasht-e Subh", "2024-11-27"), ("IRNA", "2024-12-09"),
            ("Afghanistan International", "2024-12-04"), ("Balochistan Post", "2024-12-04"),
            ("Dawn", "2024-10-08")} <= got, got
    assert not [o for o, _ in got if "Crisis" in o]


def test_a_claim_told_after_background_goes_to_the_storys_own_attack(extractor):
    text = ("BAJAUR: Four soldiers were martyred when militants attacked a border post in Salarzai on Sunday.\n\n"
            "Officials said the attackers belonged to a group led by Muhammad Rahim, who planned a 2024 bombing in "
            "Mamund that killed four people.\n\nThe TTP claimed the attack in a statement posted on its channels.")
    sheet = sheet_of(extractor, text, published="2026-01-13")
    own = [e for e in sheet["events"] if e["date"] == "2026-01-11"]
    assert own and "TTP" in own[0]["perpetrators"], sheet["events"]
    old = [e for e in sheet["events"] if e["date"] == "2024"]
    assert not old or "TTP" not in old[0]["perpetrators"]


def test_seizures_of_people_arresting_and_reports_on_a_day(extractor):
    sheet = sheet_of(extractor, "Last week, armed men seized two schoolteachers outside a school in Sararogha. "
                                "Weapons were seized from the house. The Taliban seized power in 2021. The cell was "
                                "financed largely by kidnapping.", published="2025-03-12")
    assert [e["type"] for e in sheet["events"]] == ["kidnapping"], sheet["events"]
    sheet = sheet_of(extractor, "The CTD caught up with him on July 28, 2021, arresting him at a checkpoint in "
                                "Hayatabad, Peshawar.", published="2025-03-12")
    assert sheet["events"][0]["type"] == "arrest" and sheet["events"][0]["date"] == "2021-07-28"
    sheet = sheet_of(extractor, "On April 11, 2015, troops surrounded a house in Sandapal. According to a report in "
                                "The News on April 13, 2015, he and four of his men were killed in the firefight "
                                "that followed.", published="2025-03-12")
    assert sheet["events"][0]["date"] == "2015-04-11"
    assert ("The News", "2015-04-13") in sources_of(sheet) or ("News", "2015-04-13") in sources_of(sheet)


def test_havens_given_and_groups_fighting_a_government(extractor):
    for text in ("Islamabad has long maintained that the Afghan Taliban give the TTP a safe haven.",
                 "Islamabad has long accused the Afghan Taliban of sheltering TTP militants on their soil.",
                 "The AFF is the most active of the armed groups fighting the Taliban."):
        assert len(links_of(sheet_of(extractor, text))) == 1, text


def test_a_group_that_said_it_killed_fighters_and_rebels_killed_by_forces(extractor):
    sheet = sheet_of(extractor, "The Afghanistan Freedom Front (AFF) has stepped up attacks. On 12 January 2025, the group said "
                                "it killed five Taliban fighters in an attack on a checkpoint in the Qarabagh district "
                                "of Kabul province.", published="2025-03-01")
    assert sheet["events"][0]["perpetrators"] == ["Afghanistan Freedom Front"], sheet["events"]
    sheet = sheet_of(extractor, "The spokesman said two \"rebels\" were killed after they opened fire on security forces "
                                "in Sarasiab village on Friday.", published="2025-03-01")
    assert sheet["events"][0]["type"] == "clash"


def test_a_leader_killed_by_a_us_drone_is_an_event_with_its_state(extractor):
    sheet = sheet_of(extractor, "Baitullah was the group's founder. Baitullah Mehsud was killed by a US drone in South "
                                "Waziristan in August 2009.", published="2025-03-01")
    ev = sheet["events"][0]
    assert ev["date"] == "2009-08" and ev["killed"] == 1 and ev["perpetrators"] == ["United States"], ev


def test_men_wanted_in_the_named_attack_keep_that_attack(extractor):
    sheet = sheet_of(extractor, "The NIA announced rewards for two BKI operatives wanted in the grenade attack on a "
                                "police post in Batala police district in March. They are wanted in cases of "
                                "extortion and attacks.", published="2025-05-16")
    assert len(sheet["events"]) == 1 and sheet["events"][0]["type"] == "bombing", sheet["events"]


def test_a_long_list_of_the_slain_the_arrest_beside_a_killing_and_belonging_to_a_town(extractor):
    text = ("Three militants were killed in the raid. The slain militants were identified as Habib Khan, alias Qari "
            "Zubair Marwat of Gul Imam, and his associates Saif Ullah Marwat and Noor Jamal Khattak. Saif Ullah was a "
            "resident of Kulachi, while Noor Jamal belonged to Bannu. Police later arrested Gul Wazir Mehsud. The "
            "killing of Habib Khan and the arrest of Gul Wazir Mehsud show the cell is weak.")
    sheet = sheet_of(extractor, text, published="2025-02-19")
    assert person(sheet, "Noor Jamal Khattak")["status"]["state"] == "killed"
    assert person(sheet, "Noor Jamal Khattak")["origin"] == "Bannu"
    assert person(sheet, "Gul Wazir Mehsud")["status"]["state"] == "arrested"


def test_both_were_members_of_the_group(extractor):
    sheet = sheet_of(extractor, "The CTD killed two militants in a raid in Bara on Tuesday. The slain men were "
                                "identified as Sadiq Gul alias Mansoor, a resident of the Shalobar area of Bara, and "
                                "Wali Rehman of Akakhel. Both were members of Lashkar-e-Islam, the official said.",
                     published="2025-04-09")
    for name in ("Sadiq Gul", "Wali Rehman"):
        assert groups_of(person(sheet, name)) == ["Lashkar-e-Islam"]
        assert person(sheet, name)["status"]["state"] == "killed"
