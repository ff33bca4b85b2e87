//! The periodic control report (báo cáo định kỳ về kiểm soát thủ tục hành chính) and the
//! localisation a province owes (drift).

pub mod chart;
