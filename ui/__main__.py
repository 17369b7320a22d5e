"""``python -m ui [--data-dir DIR]``: the window alone, without the command line's imports."""

import argparse
import sys

from ui.main import main

if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m ui")
    parser.add_argument("--data-dir", help="the library folder (default: the platform's data folder)")
    sys.exit(main(parser.parse_args().data_dir))
