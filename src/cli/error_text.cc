#include "cli/error_text.h"

#include "azure/blob_client.h"
#include "azure/logs_response.h"
#include "transform/plugin_transform.h"

namespace recproc::cli {

std::string error_text(const std::exception& e) {
  std::string text = e.what();
  if (dynamic_cast<const azure::BlobExistsError*>(&e)) {
    text += "; use --overwrite or --skip-existing";
  } else if (dynamic_cast<const azure::PartialResultError*>(&e)) {
    text += " (--allow-partial writes the rows that were returned)";
  } else if (dynamic_cast<const transform::WritablePluginError*>(&e)) {
    text += ", or pass --allow-writable-plugins";
  }
  return text;
}

}  // namespace recproc::cli
