-- The weekly report is published in each language (zh-CN, en): one stored report per week, zone and language. Reports
-- stored before were written in English.
ALTER TABLE weekly_report ADD COLUMN language VARCHAR(8) NOT NULL DEFAULT 'en';
ALTER TABLE weekly_report DROP CONSTRAINT weekly_report_pkey;
ALTER TABLE weekly_report ADD PRIMARY KEY (week, zone, language);
