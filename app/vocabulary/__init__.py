"""The vocabulary passages are tagged with: treaties and their articles, dated events, themes.

Plain Python like the rest of ``app``: the window and the command line call the
functions in ``tags``, ``passages``, ``builtin`` and ``codebook`` and get frozen records back.
"""
