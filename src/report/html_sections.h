// The sections of the HTML report, each from the parsed report document. Private to
// html_report.cc and html_profile.cc.
#pragma once

#include <cstdint>
#include <string>

#include "report/json_fields.h"

namespace recproc::report {

std::string header_section(element report);
std::string count_cards(element report);
std::string thresholds_section(element report);
std::string errors_section(element report);
std::string inputs_section(element report);
std::string details_section(element report);
/// Empty when the report has no `profile` member.
std::string profile_section(element report);

}  // namespace recproc::report
