<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>messages</name>
    <message>
      <source>{first} or {second}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{first}, {second}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{first} and {second}</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>protocol</name>
    <message>
      <source>Febrile neutropenia, any grade: hold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Neutropenia grade 3: hold until ≤ grade 1, same level; reduce one level if it recurs</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Neutropenia grade 4: hold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Thrombocytopenia grade 3: hold until ≤ grade 1, same level; reduce one level if it recurs</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Thrombocytopenia grade 4: hold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Anaemia grade 3: hold until ≤ grade 2, same level</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Anaemia grade 4: hold until ≤ grade 2, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stomatitis/mucositis grade 2: hold until ≤ grade 1, same level; reduce one level if it recurs</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stomatitis/mucositis grade 3: hold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stomatitis/mucositis grade 4: discontinue</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Diarrhoea, nausea or vomiting grade 3 despite treatment: hold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Rash grade 3: hold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Keratitis/ocular surface grade 2: hold until ≤ grade 1, same level</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Keratitis/ocular surface grade 3: hold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Interstitial lung disease/pneumonitis grade 1: hold until resolved, same level</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Interstitial lung disease/pneumonitis grade ≥ 2: discontinue</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Infusion-related reaction grade 4: discontinue</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Other non-haematological grade 3: hold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Non-haematological grade 4: discontinue</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Febrile neutropenia: withhold until resolved, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Neutropenia grade 4: withhold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Neutropenia grade 3: withhold until ≤ grade 1, same level; reduce if it recurs</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Thrombocytopenia grade 3–4: withhold until ≤ grade 1, same level (reduce one level if recovery took 2–3 weeks)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Anaemia grade 3–4: withhold until ≤ grade 1, same level (reduce one level if recovery took 2–3 weeks)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Diarrhoea grade 3–4: withhold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Nausea or vomiting grade 3–4 despite treatment: withhold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Life-threatening infusion reaction: discontinue</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Non-haematological grade 4 (any duration): withhold until ≤ grade 1, resume one level lower</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
