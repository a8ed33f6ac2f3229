"""Build claimgraph/resources/gazetteer/states.yaml (build-time helper, not part of the package).

ISO 3166-1 codes and official long names come from pycountry (LGPL-2.1, installed only to run
this script); every other field (names, demonyms, capitals, seats of power, epithets, Russian
and Chinese names, Wikidata QIDs) is the hand-written table below, written for claimgraph.

Run:  .venv/bin/python scripts/build_states_gazetteer.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pycountry
import yaml

OUT = Path(__file__).resolve().parents[1] / "claimgraph/resources/gazetteer/states.yaml"

HEADER = """\
# states.yaml — sovereign states for the claimgraph gazetteer.
# source: written by the claimgraph project (names, aliases, demonyms, capitals and seats of
#   power as metonyms, epithets, Russian/Chinese names, Wikidata QIDs as facts);
#   ISO 3166-1 alpha-2/alpha-3 codes and official long names taken from pycountry
#   (LGPL-2.1, used only as a build-time helper by scripts/build_states_gazetteer.py).
# licence: Apache-2.0 (project data)
# coverage: the 193 UN member states, the two UN observer states (Holy See, Palestine),
#   Taiwan (TW) and Kosovo (XK: user-assigned code used by the EU/IMF; Kosovo has no ISO code);
#   plus four former states marked `historical: true` (SU, YU, CS, DD: ISO 3166-3 former codes)
#   because arms-transfer records still name them as suppliers.
# fields: see gazetteer schema (id, name, type, country, iso3, aliases, demonyms, metonyms,
#   epithets, qid, ambiguous_aliases, historical). Strings in ambiguous_aliases are surface forms of this
#   entry that need supporting context before a match is accepted (common words, person or
#   place names shared with other things, forms shared by two states).
# generated: do not edit by hand; edit the table in scripts/build_states_gazetteer.py and rerun.
"""

# code | name | aliases | demonyms | metonyms | qid | russian | chinese | epithets | ambiguous
# lists are ';'-separated; empty fields allowed
TABLE = """
AF|Afghanistan|Islamic Republic of Afghanistan;Islamic Emirate of Afghanistan|Afghan;Afghans|Kabul|Q889|Афганистан|阿富汗||
AL|Albania|Republic of Albania|Albanian;Albanians|Tirana|Q222|Албания|阿尔巴尼亚||
DZ|Algeria|People's Democratic Republic of Algeria|Algerian;Algerians|Algiers|Q262|Алжир|阿尔及利亚||
AD|Andorra|Principality of Andorra|Andorran;Andorrans|Andorra la Vella|Q228||||
AO|Angola|Republic of Angola|Angolan;Angolans|Luanda|Q916|Ангола|安哥拉||
AG|Antigua and Barbuda|Antigua|Antiguan;Antiguans;Barbudan;Barbudans|St. John's;Saint John's;St John's|Q781||||St. John's;Saint John's;St John's
AR|Argentina|Argentine Republic|Argentine;Argentines;Argentinian;Argentinians|Buenos Aires;Casa Rosada|Q414|Аргентина|阿根廷||
AM|Armenia|Republic of Armenia|Armenian;Armenians|Yerevan|Q399|Армения|亚美尼亚||
AU|Australia|Commonwealth of Australia|Australian;Australians|Canberra|Q408|Австралия|澳大利亚;澳洲||
AT|Austria|Republic of Austria|Austrian;Austrians|Vienna|Q40|Австрия|奥地利||Vienna
AZ|Azerbaijan|Republic of Azerbaijan|Azerbaijani;Azerbaijanis;Azeri;Azeris|Baku|Q227|Азербайджан|阿塞拜疆||
BS|Bahamas|The Bahamas;Commonwealth of The Bahamas|Bahamian;Bahamians|Nassau|Q778||||
BH|Bahrain|Kingdom of Bahrain|Bahraini;Bahrainis|Manama|Q398|Бахрейн|巴林||
BD|Bangladesh|People's Republic of Bangladesh|Bangladeshi;Bangladeshis|Dhaka|Q902|Бангладеш|孟加拉国||
BB|Barbados||Barbadian;Barbadians;Bajan;Bajans|Bridgetown|Q244||||
BY|Belarus|Republic of Belarus;Byelorussia;Belorussia|Belarusian;Belarusians;Belarussian;Belarussians|Minsk|Q184|Белоруссия;Беларусь;Республика Беларусь|白俄罗斯||
BE|Belgium|Kingdom of Belgium|Belgian;Belgians|Brussels|Q31|Бельгия|比利时||Brussels
BZ|Belize||Belizean;Belizeans|Belmopan|Q242||||
BJ|Benin|Republic of Benin|Beninese|Porto-Novo;Cotonou|Q962||||
BT|Bhutan|Kingdom of Bhutan|Bhutanese|Thimphu|Q917|Бутан|不丹||
BO|Bolivia|Plurinational State of Bolivia|Bolivian;Bolivians|Sucre;La Paz|Q750|Боливия|玻利维亚||
BA|Bosnia and Herzegovina|Bosnia;Bosnia-Herzegovina;BiH|Bosnian;Bosnians|Sarajevo|Q225|Босния и Герцеговина|波斯尼亚和黑塞哥维那;波黑||
BW|Botswana|Republic of Botswana|Motswana;Batswana;Botswanan|Gaborone|Q963||||
BR|Brazil|Federative Republic of Brazil|Brazilian;Brazilians|Brasília;Brasilia;Planalto Palace|Q155|Бразилия|巴西||
BN|Brunei|Brunei Darussalam;Nation of Brunei|Bruneian;Bruneians|Bandar Seri Begawan|Q921|Бруней|文莱||
BG|Bulgaria|Republic of Bulgaria|Bulgarian;Bulgarians|Sofia|Q219|Болгария|保加利亚||Sofia
BF|Burkina Faso|Burkina|Burkinabe;Burkinabè|Ouagadougou|Q965|Буркина-Фасо|布基纳法索||
BI|Burundi|Republic of Burundi|Burundian;Burundians|Gitega;Bujumbura|Q967||||
CV|Cabo Verde|Cape Verde;Republic of Cabo Verde|Cape Verdean;Cape Verdeans;Cabo Verdean|Praia|Q1011||||Praia
KH|Cambodia|Kingdom of Cambodia|Cambodian;Cambodians|Phnom Penh|Q424|Камбоджа|柬埔寨||
CM|Cameroon|Republic of Cameroon|Cameroonian;Cameroonians|Yaoundé;Yaounde|Q1009||||
CA|Canada||Canadian;Canadians|Ottawa|Q16|Канада|加拿大||
CF|Central African Republic|CAR;Centrafrique|Central African;Central Africans|Bangui|Q929|ЦАР;Центральноафриканская Республика|中非共和国;中非||CAR;Central African;Central Africans
TD|Chad|Republic of Chad|Chadian;Chadians|N'Djamena;Ndjamena|Q657|Чад|乍得||Chad
CL|Chile|Republic of Chile|Chilean;Chileans|Santiago|Q298|Чили|智利||Santiago
CN|China|People's Republic of China;PRC;P.R.C.;mainland China|Chinese|Beijing;Peking;Zhongnanhai|Q148|Китай;КНР;Китайская Народная Республика|中国;中华人民共和国;中國;中華人民共和國|the mainland;Communist China|the mainland;Peking
CO|Colombia|Republic of Colombia|Colombian;Colombians|Bogotá;Bogota|Q739|Колумбия|哥伦比亚||
KM|Comoros|Union of the Comoros;the Comoros|Comorian;Comorians|Moroni|Q970||||
CG|Republic of the Congo|Congo-Brazzaville;Congo Republic;Republic of Congo|Congolese|Brazzaville|Q971|Республика Конго|刚果共和国;刚果（布）||Congolese
CD|Democratic Republic of the Congo|DR Congo;DRC;D.R. Congo;Congo-Kinshasa;Democratic Republic of Congo;Congo|Congolese|Kinshasa|Q974|ДР Конго;Демократическая Республика Конго|刚果民主共和国;刚果（金）||Congo;Congolese
CR|Costa Rica|Republic of Costa Rica|Costa Rican;Costa Ricans|San José;San Jose|Q800||||San José;San Jose
CI|Côte d'Ivoire|Ivory Coast;Cote d'Ivoire;Republic of Côte d'Ivoire|Ivorian;Ivorians|Yamoussoukro;Abidjan|Q1008|Кот-д’Ивуар|科特迪瓦||
HR|Croatia|Republic of Croatia|Croatian;Croatians;Croat;Croats|Zagreb|Q224|Хорватия|克罗地亚||
CU|Cuba|Republic of Cuba|Cuban;Cubans|Havana|Q241|Куба|古巴||
CY|Cyprus|Republic of Cyprus|Cypriot;Cypriots|Nicosia|Q229|Кипр|塞浦路斯||
CZ|Czechia|Czech Republic|Czech;Czechs|Prague|Q213|Чехия|捷克||
DK|Denmark|Kingdom of Denmark|Danish;Danes|Copenhagen|Q35|Дания|丹麦||
DJ|Djibouti|Republic of Djibouti|Djiboutian;Djiboutians|Djibouti City|Q977|Джибути|吉布提||
DM|Dominica|Commonwealth of Dominica|Dominican;Dominicans|Roseau|Q784||||Dominican;Dominicans
DO|Dominican Republic||Dominican;Dominicans|Santo Domingo|Q786|Доминиканская Республика|多米尼加共和国||Dominican;Dominicans
EC|Ecuador|Republic of Ecuador|Ecuadorian;Ecuadorians;Ecuadorean;Ecuadoreans|Quito|Q736|Эквадор|厄瓜多尔||
EG|Egypt|Arab Republic of Egypt|Egyptian;Egyptians|Cairo|Q79|Египет|埃及||
SV|El Salvador|Republic of El Salvador|Salvadoran;Salvadorans;Salvadorean;Salvadoreans|San Salvador|Q792||||
GQ|Equatorial Guinea|Republic of Equatorial Guinea|Equatorial Guinean;Equatorial Guineans;Equatoguinean;Equatoguineans|Malabo|Q983||||
ER|Eritrea|State of Eritrea|Eritrean;Eritreans|Asmara|Q986|Эритрея|厄立特里亚||
EE|Estonia|Republic of Estonia|Estonian;Estonians|Tallinn|Q191|Эстония|爱沙尼亚||
SZ|Eswatini|Kingdom of Eswatini;Swaziland|Swazi;Swazis;Emaswati|Mbabane;Lobamba|Q1050||||
ET|Ethiopia|Federal Democratic Republic of Ethiopia|Ethiopian;Ethiopians|Addis Ababa|Q115|Эфиопия|埃塞俄比亚||Addis Ababa
FJ|Fiji|Republic of Fiji|Fijian;Fijians|Suva|Q712|Фиджи|斐济||
FI|Finland|Republic of Finland|Finnish;Finns|Helsinki|Q33|Финляндия|芬兰||
FR|France|French Republic|French|Paris;the Élysée;Élysée Palace;the Elysee;Elysee Palace;Élysée;Elysee|Q142|Франция;Париж|法国;巴黎||
GA|Gabon|Gabonese Republic|Gabonese|Libreville|Q1000|Габон|加蓬||
GM|Gambia|The Gambia;Republic of the Gambia|Gambian;Gambians|Banjul|Q1005||||
GE|Georgia|Sakartvelo|Georgian;Georgians|Tbilisi|Q230|Грузия|格鲁吉亚||Georgia;Georgian;Georgians
DE|Germany|Federal Republic of Germany;FRG|German;Germans|Berlin|Q183|Германия;ФРГ;Берлин|德国;柏林||
GH|Ghana|Republic of Ghana|Ghanaian;Ghanaians|Accra|Q117|Гана|加纳||
GR|Greece|Hellenic Republic;Hellas|Greek;Greeks|Athens|Q41|Греция|希腊||Athens
GD|Grenada||Grenadian;Grenadians|St. George's;Saint George's;St George's|Q769||||St. George's;Saint George's;St George's
GT|Guatemala|Republic of Guatemala|Guatemalan;Guatemalans|Guatemala City|Q774|Гватемала|危地马拉||
GN|Guinea|Republic of Guinea;Guinea-Conakry|Guinean;Guineans|Conakry|Q1006|Гвинея|几内亚||Guinea;Guinean;Guineans
GW|Guinea-Bissau|Republic of Guinea-Bissau|Bissau-Guinean;Bissau-Guineans|Bissau|Q1007||||
GY|Guyana|Co-operative Republic of Guyana|Guyanese|Georgetown|Q734|Гайана|圭亚那||Georgetown
HT|Haiti|Republic of Haiti|Haitian;Haitians|Port-au-Prince|Q790|Гаити|海地||
VA|Holy See|Vatican City;Vatican City State;the Vatican|Vatican|Vatican City|Q237|Ватикан;Святой Престол|梵蒂冈;教廷||Vatican
HN|Honduras|Republic of Honduras|Honduran;Hondurans|Tegucigalpa|Q783||||
HU|Hungary||Hungarian;Hungarians|Budapest|Q28|Венгрия|匈牙利||
IS|Iceland||Icelandic;Icelanders|Reykjavík;Reykjavik|Q189|Исландия|冰岛||
IN|India|Republic of India;Bharat|Indian;Indians|New Delhi;Delhi|Q668|Индия;Нью-Дели|印度;新德里||Delhi;Indian;Indians
ID|Indonesia|Republic of Indonesia|Indonesian;Indonesians|Jakarta|Q252|Индонезия|印度尼西亚;印尼||
IR|Iran|Islamic Republic of Iran;Persia|Iranian;Iranians|Tehran;Teheran|Q794|Иран;Исламская Республика Иран;Тегеран|伊朗;德黑兰|the Islamic Republic|Persia;the Islamic Republic
IQ|Iraq|Republic of Iraq|Iraqi;Iraqis|Baghdad|Q796|Ирак;Багдад|伊拉克;巴格达||
IE|Ireland|Republic of Ireland;Éire|Irish|Dublin|Q27|Ирландия|爱尔兰||Irish
IL|Israel|State of Israel|Israeli;Israelis|Jerusalem;Tel Aviv|Q801|Израиль|以色列|the Jewish state|Jerusalem;Tel Aviv
IT|Italy|Italian Republic|Italian;Italians|Rome;Palazzo Chigi|Q38|Италия;Рим|意大利;罗马||Rome
JM|Jamaica||Jamaican;Jamaicans|Kingston|Q766||||Kingston
JP|Japan|Nippon;Nihon|Japanese|Tokyo|Q17|Япония;Токио|日本;东京|Land of the Rising Sun|
JO|Jordan|Hashemite Kingdom of Jordan|Jordanian;Jordanians|Amman|Q810|Иордания|约旦||Jordan
KZ|Kazakhstan|Republic of Kazakhstan;Qazaqstan|Kazakh;Kazakhs;Kazakhstani;Kazakhstanis|Astana|Q232|Казахстан|哈萨克斯坦||Kazakh
KE|Kenya|Republic of Kenya|Kenyan;Kenyans|Nairobi|Q114|Кения|肯尼亚||
KI|Kiribati|Republic of Kiribati|I-Kiribati|Tarawa;South Tarawa|Q710||||
XK|Kosovo|Republic of Kosovo|Kosovar;Kosovars;Kosovan;Kosovans|Pristina;Prishtina|Q1246|Косово|科索沃||
KW|Kuwait|State of Kuwait|Kuwaiti;Kuwaitis|Kuwait City|Q817|Кувейт|科威特||
KG|Kyrgyzstan|Kyrgyz Republic;Kirghizia|Kyrgyz;Kyrgyzstani;Kyrgyzstanis|Bishkek|Q813|Киргизия;Кыргызстан|吉尔吉斯斯坦||
LA|Laos|Lao People's Democratic Republic;Lao PDR|Lao;Laotian;Laotians|Vientiane|Q819|Лаос|老挝||Lao
LV|Latvia|Republic of Latvia|Latvian;Latvians|Riga|Q211|Латвия|拉脱维亚||
LB|Lebanon|Lebanese Republic|Lebanese|Beirut|Q822|Ливан|黎巴嫩||
LS|Lesotho|Kingdom of Lesotho|Basotho;Mosotho|Maseru|Q1013||||
LR|Liberia|Republic of Liberia|Liberian;Liberians|Monrovia|Q1014||||
LY|Libya|State of Libya|Libyan;Libyans|Tripoli|Q1016|Ливия|利比亚||Tripoli
LI|Liechtenstein|Principality of Liechtenstein|Liechtensteiner;Liechtensteiners|Vaduz|Q347||||
LT|Lithuania|Republic of Lithuania|Lithuanian;Lithuanians|Vilnius|Q37|Литва|立陶宛||
LU|Luxembourg|Grand Duchy of Luxembourg|Luxembourgish;Luxembourger;Luxembourgers|Luxembourg City|Q32|Люксембург|卢森堡||
MG|Madagascar|Republic of Madagascar|Malagasy|Antananarivo|Q1019|Мадагаскар|马达加斯加||
MW|Malawi|Republic of Malawi|Malawian;Malawians|Lilongwe|Q1020||||
MY|Malaysia||Malaysian;Malaysians|Kuala Lumpur;Putrajaya|Q833|Малайзия|马来西亚||
MV|Maldives|Republic of Maldives;the Maldives|Maldivian;Maldivians|Malé;Male|Q826|Мальдивы|马尔代夫||Male;Malé
ML|Mali|Republic of Mali|Malian;Malians|Bamako|Q912|Мали|马里||
MT|Malta|Republic of Malta|Maltese|Valletta|Q233|Мальта|马耳他||
MH|Marshall Islands|Republic of the Marshall Islands|Marshallese|Majuro|Q709||||
MR|Mauritania|Islamic Republic of Mauritania|Mauritanian;Mauritanians|Nouakchott|Q1025|Мавритания|毛里塔尼亚||
MU|Mauritius|Republic of Mauritius|Mauritian;Mauritians|Port Louis|Q1027||||
MX|Mexico|United Mexican States|Mexican;Mexicans|Mexico City|Q96|Мексика|墨西哥||
FM|Micronesia|Federated States of Micronesia;FSM|Micronesian;Micronesians|Palikir|Q702||||Micronesia;Micronesian;Micronesians
MD|Moldova|Republic of Moldova|Moldovan;Moldovans|Chișinău;Chisinau|Q217|Молдавия;Молдова|摩尔多瓦||
MC|Monaco|Principality of Monaco|Monegasque;Monégasque;Monegasques|Monaco-Ville|Q235||||
MN|Mongolia||Mongolian;Mongolians|Ulaanbaatar;Ulan Bator|Q711|Монголия|蒙古国;蒙古||
ME|Montenegro||Montenegrin;Montenegrins|Podgorica|Q236|Черногория|黑山||
MA|Morocco|Kingdom of Morocco|Moroccan;Moroccans|Rabat|Q1028|Марокко|摩洛哥||
MZ|Mozambique|Republic of Mozambique|Mozambican;Mozambicans|Maputo|Q1029|Мозамбик|莫桑比克||
MM|Myanmar|Burma;Republic of the Union of Myanmar|Burmese|Naypyidaw;Nay Pyi Taw;Naypyitaw|Q836|Мьянма;Бирма|缅甸||Burmese
NA|Namibia|Republic of Namibia|Namibian;Namibians|Windhoek|Q1030||||
NR|Nauru|Republic of Nauru|Nauruan;Nauruans|Yaren|Q697||||
NP|Nepal|Federal Democratic Republic of Nepal|Nepali;Nepalese;Nepalis|Kathmandu|Q837|Непал|尼泊尔||
NL|Netherlands|the Netherlands;Kingdom of the Netherlands;Holland|Dutch|Amsterdam;The Hague|Q55|Нидерланды;Голландия|荷兰||Holland;The Hague
NZ|New Zealand|Aotearoa|New Zealander;New Zealanders;Kiwi;Kiwis|Wellington|Q664|Новая Зеландия|新西兰||Kiwi;Kiwis;Wellington
NI|Nicaragua|Republic of Nicaragua|Nicaraguan;Nicaraguans|Managua|Q811|Никарагуа|尼加拉瓜||
NE|Niger|Republic of the Niger;Republic of Niger|Nigerien;Nigeriens|Niamey|Q1032|Нигер|尼日尔||Niger
NG|Nigeria|Federal Republic of Nigeria|Nigerian;Nigerians|Abuja|Q1033|Нигерия|尼日利亚||
KP|North Korea|Democratic People's Republic of Korea;DPRK;D.P.R.K.|North Korean;North Koreans|Pyongyang|Q423|КНДР;Северная Корея;Корейская Народно-Демократическая Республика;Пхеньян|朝鲜;朝鲜民主主义人民共和国;北韩;北朝鲜;平壤|the hermit kingdom;hermit kingdom;the reclusive state;the reclusive regime;the isolated state;nuclear-armed North;the North|the North
MK|North Macedonia|Republic of North Macedonia;Macedonia;FYROM|North Macedonian;North Macedonians;Macedonian;Macedonians|Skopje|Q221|Северная Македония|北马其顿||Macedonia;Macedonian;Macedonians
NO|Norway|Kingdom of Norway|Norwegian;Norwegians|Oslo|Q20|Норвегия|挪威||
OM|Oman|Sultanate of Oman|Omani;Omanis|Muscat|Q842|Оман|阿曼||
PK|Pakistan|Islamic Republic of Pakistan|Pakistani;Pakistanis|Islamabad|Q843|Пакистан;Исламабад|巴基斯坦;伊斯兰堡||
PW|Palau|Republic of Palau|Palauan;Palauans|Ngerulmud;Melekeok|Q695||||
PS|Palestine|State of Palestine|Palestinian;Palestinians|Ramallah|Q219060|Палестина;Государство Палестина|巴勒斯坦||Palestinian;Palestinians
PA|Panama|Republic of Panama|Panamanian;Panamanians|Panama City|Q804|Панама|巴拿马||Panama City
PG|Papua New Guinea|PNG;Independent State of Papua New Guinea|Papua New Guinean;Papua New Guineans|Port Moresby|Q691|Папуа — Новая Гвинея|巴布亚新几内亚||
PY|Paraguay|Republic of Paraguay|Paraguayan;Paraguayans|Asunción;Asuncion|Q733||||
PE|Peru|Republic of Peru|Peruvian;Peruvians|Lima|Q419|Перу|秘鲁||
PH|Philippines|Republic of the Philippines;the Philippines|Filipino;Filipinos;Philippine|Manila;Malacañang;Malacanang|Q928|Филиппины|菲律宾||
PL|Poland|Republic of Poland|Polish;Poles|Warsaw|Q36|Польша;Варшава|波兰;华沙||
PT|Portugal|Portuguese Republic|Portuguese|Lisbon|Q45|Португалия|葡萄牙||
QA|Qatar|State of Qatar|Qatari;Qataris|Doha|Q846|Катар|卡塔尔||
KR|South Korea|Republic of Korea;ROK;R.O.K.;Korea|South Korean;South Koreans|Seoul|Q884|Южная Корея;Республика Корея;Сеул|韩国;大韩民国;南韩;首尔;韓國|the South|Korea;the South
RO|Romania||Romanian;Romanians|Bucharest|Q218|Румыния|罗马尼亚||
RU|Russia|Russian Federation;RF;Rossiya|Russian;Russians|Moscow;the Kremlin;Kremlin|Q159|Россия;Российская Федерация;РФ;Москва;Кремль|俄罗斯;俄罗斯联邦;俄国;莫斯科;克里姆林宫||RF
RW|Rwanda|Republic of Rwanda|Rwandan;Rwandans|Kigali|Q1037|Руанда|卢旺达||
KN|Saint Kitts and Nevis|St Kitts and Nevis;St. Kitts and Nevis;Federation of Saint Christopher and Nevis|Kittitian;Kittitians;Nevisian;Nevisians|Basseterre|Q763||||
LC|Saint Lucia|St Lucia;St. Lucia|Saint Lucian;Saint Lucians;St Lucian|Castries|Q760||||
VC|Saint Vincent and the Grenadines|St Vincent and the Grenadines;St. Vincent and the Grenadines|Vincentian;Vincentians|Kingstown|Q757||||
WS|Samoa|Independent State of Samoa|Samoan;Samoans|Apia|Q683||||
SM|San Marino|Republic of San Marino|Sammarinese|City of San Marino|Q238||||
ST|São Tomé and Príncipe|Sao Tome and Principe;Democratic Republic of São Tomé and Príncipe|Santomean;Santomeans|São Tomé;Sao Tome|Q1039||||
SA|Saudi Arabia|Kingdom of Saudi Arabia;KSA|Saudi;Saudis;Saudi Arabian;Saudi Arabians|Riyadh|Q851|Саудовская Аравия;Эр-Рияд|沙特阿拉伯;沙特;利雅得|the kingdom|the kingdom
SN|Senegal|Republic of Senegal|Senegalese|Dakar|Q1041|Сенегал|塞内加尔||
RS|Serbia|Republic of Serbia|Serbian;Serbians;Serb;Serbs|Belgrade|Q403|Сербия|塞尔维亚||
SC|Seychelles|Republic of Seychelles|Seychellois|Victoria|Q1042||||Victoria
SL|Sierra Leone|Republic of Sierra Leone|Sierra Leonean;Sierra Leoneans|Freetown|Q1044||||
SG|Singapore|Republic of Singapore|Singaporean;Singaporeans|Singapore City|Q334|Сингапур|新加坡||
SK|Slovakia|Slovak Republic|Slovak;Slovaks;Slovakian|Bratislava|Q214|Словакия|斯洛伐克||
SI|Slovenia|Republic of Slovenia|Slovenian;Slovenians;Slovene;Slovenes|Ljubljana|Q215|Словения|斯洛文尼亚||
SB|Solomon Islands|the Solomons|Solomon Islander;Solomon Islanders|Honiara|Q685|Соломоновы Острова|所罗门群岛||
SO|Somalia|Federal Republic of Somalia|Somali;Somalis;Somalian;Somalians|Mogadishu|Q1045|Сомали|索马里||
ZA|South Africa|Republic of South Africa;RSA|South African;South Africans|Pretoria;Cape Town|Q258|ЮАР;Южно-Африканская Республика|南非||RSA;Cape Town
SS|South Sudan|Republic of South Sudan|South Sudanese|Juba|Q958|Южный Судан|南苏丹||
ES|Spain|Kingdom of Spain|Spanish;Spaniards;Spaniard|Madrid;Moncloa|Q29|Испания|西班牙||
LK|Sri Lanka|Democratic Socialist Republic of Sri Lanka;Ceylon|Sri Lankan;Sri Lankans|Sri Jayawardenepura Kotte;Colombo|Q854|Шри-Ланка|斯里兰卡||
SD|Sudan|Republic of the Sudan;the Sudan|Sudanese|Khartoum|Q1049|Судан|苏丹||
SR|Suriname|Republic of Suriname;Surinam|Surinamese|Paramaribo|Q730||||
SE|Sweden|Kingdom of Sweden|Swedish;Swedes;Swede|Stockholm|Q34|Швеция|瑞典||
CH|Switzerland|Swiss Confederation|Swiss|Bern;Berne|Q39|Швейцария|瑞士||Bern
SY|Syria|Syrian Arab Republic|Syrian;Syrians|Damascus|Q858|Сирия;Дамаск|叙利亚;大马士革||
TW|Taiwan|Republic of China;ROC;R.O.C.;Chinese Taipei;Formosa|Taiwanese|Taipei|Q865|Тайвань;Китайская Республика;Тайбэй|台湾;臺灣;中华民国;中華民國;台北;臺北|self-governing island;self-ruled island;democratically governed island;democratic island;the island;island democracy|the island;Formosa;ROC
TJ|Tajikistan|Republic of Tajikistan|Tajik;Tajiks;Tajikistani|Dushanbe|Q863|Таджикистан|塔吉克斯坦||
TZ|Tanzania|United Republic of Tanzania|Tanzanian;Tanzanians|Dodoma|Q924|Танзания|坦桑尼亚||
TH|Thailand|Kingdom of Thailand;Siam|Thai;Thais|Bangkok|Q869|Таиланд|泰国||
TL|Timor-Leste|East Timor;Democratic Republic of Timor-Leste|Timorese|Dili|Q574||||
TG|Togo|Togolese Republic|Togolese|Lomé;Lome|Q945||||
TO|Tonga|Kingdom of Tonga|Tongan;Tongans|Nukuʻalofa;Nuku'alofa|Q678||||
TT|Trinidad and Tobago|Republic of Trinidad and Tobago|Trinidadian;Trinidadians;Tobagonian;Tobagonians|Port of Spain;Port-of-Spain|Q754||||
TN|Tunisia|Republic of Tunisia;Tunisian Republic|Tunisian;Tunisians|Tunis|Q948|Тунис|突尼斯||
TR|Turkey|Türkiye;Turkiye;Republic of Türkiye;Republic of Turkey|Turkish;Turks;Turk|Ankara|Q43|Турция;Анкара|土耳其;安卡拉||
TM|Turkmenistan||Turkmen;Turkmens|Ashgabat|Q874|Туркмения;Туркменистан|土库曼斯坦||
TV|Tuvalu||Tuvaluan;Tuvaluans|Funafuti|Q672||||
UG|Uganda|Republic of Uganda|Ugandan;Ugandans|Kampala|Q1036|Уганда|乌干达||
UA|Ukraine|Ukrayina;Україна|Ukrainian;Ukrainians|Kyiv;Kiev;Bankova|Q212|Украина;Киев|乌克兰;基辅||Bankova
AE|United Arab Emirates|UAE;U.A.E.;the Emirates|Emirati;Emiratis|Abu Dhabi|Q878|ОАЭ;Объединённые Арабские Эмираты|阿联酋;阿拉伯联合酋长国||the Emirates
GB|United Kingdom|United Kingdom of Great Britain and Northern Ireland;UK;U.K.;Britain;Great Britain|British;Britons;Briton;Brits|London;Downing Street;Number 10;No 10;No. 10;Whitehall;Westminster|Q145|Великобритания;Британия;Соединённое Королевство;Лондон|英国;英國;大不列颠;伦敦||Westminster
US|United States|United States of America;US;U.S.;USA;U.S.A.;America;the States|American;Americans|Washington;Washington, D.C.;Washington DC;Washington D.C.;the White House;White House|Q30|США;Соединённые Штаты;Соединённые Штаты Америки;Америка;Вашингтон;Белый дом|美国;美利坚合众国;美國;华盛顿;白宫||Washington;America;the States
UY|Uruguay|Oriental Republic of Uruguay|Uruguayan;Uruguayans|Montevideo|Q77|Уругвай|乌拉圭||
UZ|Uzbekistan|Republic of Uzbekistan|Uzbek;Uzbeks;Uzbekistani;Uzbekistanis|Tashkent|Q265|Узбекистан|乌兹别克斯坦||
VU|Vanuatu|Republic of Vanuatu|Ni-Vanuatu|Port Vila|Q686||||
VE|Venezuela|Bolivarian Republic of Venezuela|Venezuelan;Venezuelans|Caracas;Miraflores Palace|Q717|Венесуэла;Каракас|委内瑞拉;加拉加斯||
VN|Vietnam|Viet Nam;Socialist Republic of Vietnam|Vietnamese|Hanoi|Q881|Вьетнам;Ханой|越南;河内||
YE|Yemen|Republic of Yemen|Yemeni;Yemenis|Sanaa;Sana'a;Aden|Q805|Йемен|也门||Aden
ZM|Zambia|Republic of Zambia|Zambian;Zambians|Lusaka|Q953|Замбия|赞比亚||
ZW|Zimbabwe|Republic of Zimbabwe|Zimbabwean;Zimbabweans|Harare|Q954|Зимбабве|津巴布韦||
"""

# Former states that still appear as suppliers/recipients in arms-transfer records (SIPRI).
# Codes are ISO 3166-3 former alpha-2 codes (pycountry.historic_countries). Same columns;
# no capitals as metonyms (they would collide with the successor states).
HISTORIC = """
SU|Soviet Union|USSR;U.S.S.R.;Union of Soviet Socialist Republics;СССР;Советский Союз;苏联|Soviet;Soviets||Q15180||||
YU|Yugoslavia|Socialist Federal Republic of Yugoslavia;SFRY;Federal Republic of Yugoslavia;Югославия;南斯拉夫|Yugoslav;Yugoslavs||||||
CS|Czechoslovakia|Czechoslovak Socialist Republic;ČSSR;Чехословакия;捷克斯洛伐克|Czechoslovak;Czechoslovaks||Q33946||||
DD|East Germany|German Democratic Republic;GDR;DDR;ГДР;东德|East German;East Germans||Q16957||||
"""

# Russian / Chinese strings in the table that are capitals or seats of power, not state names:
# they go to `metonyms`, not `aliases`.
RU_ZH_METONYMS = {
    "Париж",
    "巴黎",
    "Берлин",
    "柏林",
    "Нью-Дели",
    "新德里",
    "Тегеран",
    "德黑兰",
    "Багдад",
    "巴格达",
    "Рим",
    "罗马",
    "Токио",
    "东京",
    "Пхеньян",
    "平壤",
    "Исламабад",
    "伊斯兰堡",
    "Варшава",
    "华沙",
    "Сеул",
    "首尔",
    "Москва",
    "Кремль",
    "莫斯科",
    "克里姆林宫",
    "Эр-Рияд",
    "利雅得",
    "Дамаск",
    "大马士革",
    "Тайбэй",
    "台北",
    "臺北",
    "Анкара",
    "安卡拉",
    "Киев",
    "基辅",
    "Лондон",
    "伦敦",
    "Вашингтон",
    "Белый дом",
    "华盛顿",
    "白宫",
    "Каракас",
    "加拉加斯",
    "Ханой",
    "河内",
}

# Short aliases that pycountry's official names would add but that are already covered,
# or pycountry names we do not want (political framing).
SKIP_PYCOUNTRY = {"TW", "XK"}


def split(field: str) -> list[str]:
    return [s.strip() for s in field.split(";") if s.strip()]


def dedupe(items: list[str], exclude: set[str]) -> list[str]:
    seen = set(exclude)
    out = []
    for s in items:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def main() -> int:
    entities = []
    codes = set()
    rows = [(ln, False) for ln in TABLE.strip().splitlines()]
    rows += [(ln, True) for ln in HISTORIC.strip().splitlines()]
    for line, historic in rows:
        parts = line.split("|")
        if len(parts) != 10:
            print("bad line:", line, file=sys.stderr)
            return 1
        code, name, aliases, demonyms, metonyms, qid, ru, zh, epithets, ambiguous = parts
        if code in codes:
            print("duplicate code", code, file=sys.stderr)
            return 1
        codes.add(code)
        ent: dict = {"id": f"country:{code}", "name": name, "type": "state", "country": code}
        alias_list = split(aliases)
        iso3 = None
        if historic:
            # ISO 3166-3 reused some codes (CS: Czechoslovakia, later Serbia and Montenegro)
            matches = [
                h
                for h in pycountry.historic_countries
                if getattr(h, "alpha_2", None) == code
                and (name.split()[0] in h.name or name in ("East Germany",))
            ]
            c = matches[0] if matches else None
            if c is None:
                print("not an ISO 3166-3 code:", code, file=sys.stderr)
                return 1
            iso3 = c.alpha_3
        elif code not in SKIP_PYCOUNTRY:
            c = pycountry.countries.get(alpha_2=code)
            if c is None:
                print("not an ISO 3166-1 code:", code, file=sys.stderr)
                return 1
            iso3 = c.alpha_3
            official = getattr(c, "official_name", None)
            if official:
                official = official.removeprefix("the ")
                if official not in alias_list and "," not in official:
                    alias_list.insert(0, official)
        elif code == "TW":
            iso3 = "TWN"
        other_lang = split(ru) + split(zh)
        alias_list += [s for s in other_lang if s not in RU_ZH_METONYMS]
        met = split(metonyms) + [s for s in other_lang if s in RU_ZH_METONYMS]
        ent["iso3"] = iso3 if iso3 else None
        if ent["iso3"] is None:
            del ent["iso3"]
        ent["aliases"] = dedupe(alias_list, {name})
        ent["demonyms"] = split(demonyms)
        ent["metonyms"] = dedupe(met, {name})
        ep = split(epithets)
        if ep:
            ent["epithets"] = ep
        if qid:
            ent["qid"] = qid
        amb = split(ambiguous)
        if amb:
            surface = {name, *ent["aliases"], *ent["demonyms"], *ent["metonyms"], *ep}
            missing = [a for a in amb if a not in surface]
            if missing:
                print(
                    f"{code}: ambiguous alias not among surface forms: {missing}", file=sys.stderr
                )
                return 1
            ent["ambiguous_aliases"] = amb
        if not ent["demonyms"]:
            print("no demonym:", code, file=sys.stderr)
            return 1
        if historic:
            ent["historical"] = True
            if not ent["metonyms"]:
                del ent["metonyms"]
        elif not ent["metonyms"]:
            print("no capital:", code, file=sys.stderr)
            return 1
        entities.append(ent)
    entities.sort(key=lambda e: e["name"])
    body = yaml.safe_dump(
        {"entities": entities},
        allow_unicode=True,
        sort_keys=False,
        width=1000,
        default_flow_style=None,
    )
    OUT.write_text(HEADER + body, encoding="utf-8")
    print(f"wrote {OUT} with {len(entities)} states")
    return 0


if __name__ == "__main__":
    sys.exit(main())
