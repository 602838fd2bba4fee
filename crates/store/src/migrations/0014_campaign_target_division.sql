-- The unanswered list walks the divisions that still have enterprises to answer, one at a
-- time (their counts are kept), rather than every target of the jurisdiction in id order: at
-- 99% coverage nationally that walk passed a million answered targets for each page.
CREATE INDEX campaign_targets_division ON campaign_targets (campaign_id, division, enterprise_id);
